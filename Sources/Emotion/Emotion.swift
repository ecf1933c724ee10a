// Module Emotion — see README Architecture.
