print("ivr: not yet")
