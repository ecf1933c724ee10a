// Module AudioFiles — see README Architecture.
