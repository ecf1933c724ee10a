// Module FrontEnd — see README Architecture.
