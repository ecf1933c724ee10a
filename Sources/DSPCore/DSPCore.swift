// Module DSPCore — see README Architecture.
