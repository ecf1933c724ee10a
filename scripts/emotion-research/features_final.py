"""Step 3d (session 6): small consistent sets.

A feature is "consistent" when its standardised call departure (high minus low arousal, in units
of the corpus's departure SD; features_eval.effects) has the same sign and |d| >= 0.3 in BOTH
corpora. This criterion looks at both corpora's labels, so every figure of a set chosen by it is
an OPTIMISTIC bound (the left-out corpus helped choose the features); it answers "which
features are worth porting", not "what the model reaches on unseen data".

Also the a-priori sets (groups defined before any figure was seen): engine + harmonic (tf_H).

Run: ../../.venv/bin/python features_final.py
"""
import numpy as np

import common as C
import features_eval as F
import recipe as R
import variants as V


def main():
    base, new = F.load_all()
    engine = base["ravdess"].features
    k = ("nemo", "EB0_anger_1.wav")
    eg = [c for c in new[k] if c.startswith("eg:")]
    tf = [c for c in new[k] if c.startswith("tf:")]
    usable_engine = [f for f in engine if f not in C.SHIPPED_IGNORED]
    cols = usable_engine + eg + tf
    e = F.effects(base, new, cols)
    d = {c: (e["ravdess"][j], e["nemo"][j]) for j, c in enumerate(cols)}
    strength = {c: min(abs(a), abs(b)) if np.sign(a) == np.sign(b) else 0 for c, (a, b) in d.items()}
    cons = lambda pool: sorted([c for c in pool if strength[c] >= 0.3], key=lambda c: -strength[c])
    ce, cg, ct = cons(usable_engine), cons(eg), cons(tf)
    print("consistent engine features:", [(c, round(d[c][0], 2), round(d[c][1], 2)) for c in ce])
    print("consistent tf features:", [(c, round(d[c][0], 2), round(d[c][1], 2)) for c in ct])
    print("consistent eGeMAPS features:", len(cg), [(c, round(d[c][0], 2), round(d[c][1], 2)) for c in cg])
    g, _, _, _ = F.groups(engine, eg, tf)
    ct20 = ct[:20]
    fr = [c for c in g["eg_formant"] if "frequency" in c]
    am = [c for c in g["eg_formant"] if "amplitude" in c]
    bw = [c for c in g["eg_formant"] if "bandwidth" in c]
    h12 = [c for c in g["eg_vq"] if "logRelF0" in c]
    plan = [
        ("engine + eg formant frequencies", engine + fr),
        ("engine + eg formant amplitudes (rel. H1)", engine + am),
        ("engine + eg formant bandwidths", engine + bw),
        ("engine + eg H1-H2, H1-A3", engine + h12),
        ("engine + tf_H (a priori)", engine + g["tf_H"]),
        ("tf_H alone (a priori)", g["tf_H"]),
        ("OPT engine + consistent tf (<=20)", engine + ct20),
        ("OPT consistent engine + consistent tf", ce + ct20),
        ("OPT consistent tf alone", ct20),
        ("OPT consistent eGeMAPS alone", cg),
        ("OPT consistent engine alone", ce),
    ]
    print(R.HEADER, flush=True)
    for name, c in plan:
        v = F.NewRecipe(name, c)
        res = F.loco(v, base, new)
        print(R.row(name, res), flush=True)
        print(F.sex_row(name, res), flush=True)
    for name, c in plan[2:4]:
        v = F.Chosen(F.NewRecipe(name + " (l2 by training folds)", c), "l2", [0.001, 0.01, 0.1, 1.0])
        res = F.loco(v, base, new)
        print(R.row(v.name, res), flush=True)
        print(F.sex_row(v.name, res), flush=True)
        print("    chosen on training folds:", v.chosen, flush=True)


if __name__ == "__main__":
    main()
