// Module Codecs — see README Architecture.
