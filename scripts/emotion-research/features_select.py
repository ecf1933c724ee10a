"""Step 3b (session 6): which feature groups to add to the engine's 40, chosen by greedy forward
selection on 3 speaker folds INSIDE the training corpus (never the left-out one), per direction;
then the chosen set and a few fixed a-priori combinations judged leave one corpus out.

Run: ../../.venv/bin/python features_select.py [--fixed]
"""
import sys

import features_eval as F
import recipe as R
import variants as V


def main(fixed_only):
    base, new = F.load_all()
    engine = base["ravdess"].features
    k = ("nemo", "EB0_anger_1.wav")
    eg = [c for c in new[k] if c.startswith("eg:")]
    tf = [c for c in new[k] if c.startswith("tf:")]
    g, _, _, _ = F.groups(engine, eg, tf)
    cand = {n: v for n, v in g.items() if n not in ("engine40", "egemaps88", "tf_all")}
    plan = []
    if not fixed_only:
        chosen = F.forward_groups(base, new, engine, cand, log=lambda s: print(s, flush=True))
        print("chosen per direction (held-out corpus: groups):", chosen, flush=True)
        for held, picked in chosen.items():
            cols = engine + sum((cand[p] for p in picked), [])
            plan.append((f"engine + {'+'.join(picked) or 'nothing'} (fwd sel. on {'RAVDESS' if held == 'nemo' else 'nEMO'} folds)", cols, held))
    fixedsets = {
        "engine + eg_formant + eg_vq": engine + g["eg_formant"] + g["eg_vq"],
        "engine + eg_f0 + eg_formant + eg_vq": engine + g["eg_f0"] + g["eg_formant"] + g["eg_vq"],
        "eg_f0 + eg_formant + eg_vq": g["eg_f0"] + g["eg_formant"] + g["eg_vq"],
        "engine + eg_formant + eg_vq + eg_timing": engine + g["eg_formant"] + g["eg_vq"] + g["eg_timing"],
    }
    for n, cols in fixedsets.items():
        plan.append((n, cols, None))
    print(R.HEADER, flush=True)
    for name, cols, only in plan:
        v = F.NewRecipe(name, cols)
        res = F.loco(v, base, new)
        line = R.row(name, res)
        if only:
            line += f"   (valid only for held-out {only})"
        print(line, flush=True)
        print(F.sex_row(name, res), flush=True)


if __name__ == "__main__":
    main("--fixed" in sys.argv[1:])
