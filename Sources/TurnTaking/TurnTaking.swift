// Module TurnTaking — see README Architecture.
