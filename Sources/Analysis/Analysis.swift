// Module Analysis — see README Architecture.
