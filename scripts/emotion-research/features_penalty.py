"""Step 3g (session 6): the split recipe WITH the shipped line penalty.

The penalty only enters the label classifiers; in these variants they read the engine's 40 only
(committed on all seven RAVDESS lines), so the shipped NuisanceVariation applies exactly. The
arousal classifiers read F0 functionals only: the engine's six F0 features, or eGeMAPS' six F0
level/spread functionals (pcmu only; NaN on the other lines, where only the label classifiers'
penalty is computed and those columns are masked out of them).
Run: ../../.venv/bin/python features_penalty.py
"""
import numpy as np

import common as C
import features_eval as F
import features_split as S
import recipe as R


class SplitP(S.Split):
    line_penalty = 6.0


def tables(base, new, data, cols):
    out = {}
    for corpus in ["ravdess", "nemo"]:
        out[corpus] = {}
        for line, t in data[corpus].items():
            if line == "pcmu":
                out[corpus][line] = F.table(base, new, corpus, cols)
            else:
                b = {corpus: t}
                out[corpus][line] = F.table(b, {}, corpus, cols)
    return out


def loco(v, base, new, data):
    tb = tables(base, new, data, v.cols)
    out = {}
    for held in ["nemo", "ravdess"]:
        train = "ravdess" if held == "nemo" else "nemo"
        others = [t for k, t in tb[train].items() if k != "pcmu"]
        model = v.train(tb[train]["pcmu"], others)
        r = R.evaluate(v, model, tb[held]["pcmu"])
        r["calm_calls"] = R.calm_calls_alarms(v, model, F.table(base, new, "calm", v.cols))
        out[held] = r
    return out


def main():
    base, new = F.load_all()
    data = C.load()
    engine = base["ravdess"].features
    k = ("nemo", "EB0_anger_1.wav")
    lvl = [c for c in new[k] if c.startswith("eg:F0semitone") and "Slope" not in c]
    ef0 = ["f0Median", "f0Peak", "f0Range", "f0Std", "f0EndSlope", "f0Perturbation"]
    plan = [SplitP("P: shipped recipe (replica check)", engine, engine),
            SplitP("P: split, arousal on engine F0 (6)", engine, ef0),
            SplitP("P: split, arousal on eg F0 level/spread (6)", engine + lvl, lvl, label_cols=engine),
            SplitP("P: split (calls only), arousal eg F0 level/spread", engine + lvl, lvl, label_cols=engine, calls_only=True),
            SplitP("P: split (calls only), arousal on engine F0 (6)", engine, ef0, calls_only=True)]
    print(R.HEADER, flush=True)
    for v in plan:
        res = loco(v, base, new, data)
        print(R.row(v.name, res), flush=True)
        print(F.sex_row(v.name, res), flush=True)


if __name__ == "__main__":
    main()
