"""Step 1: the shipped recipe replicated in Python on the committed tables, both directions,
printed beside the Swift figures (README / EmotionModelTests) to judge the replica."""
import json
import sys
import time

import common as C
import recipe as R

data = C.load()
t0 = time.time()
res = R.loco(R.Recipe(), data)
print(R.HEADER)
print(R.row("shipped recipe, Python replica", res))
for k in ["nemo", "ravdess"]:
    print(k, "temperature", res[k]["temperature"], "calm calls", res[k]["calm_calls"])
    for mode in ["call", "first"]:
        print(" ", mode, json.dumps(res[k][mode]))
print(f"({time.time() - t0:.0f} s)", file=sys.stderr)
