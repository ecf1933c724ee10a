// Module Prosody — see README Architecture.
