"""Step 3 (session 6): new feature sets through the shipped recipe (recipe.py), leave one corpus
out, call protocol, both directions.

Tables: the committed pcmu feature tables (Tests/EmotionTests/Fixtures) give the rows, labels,
speakers, sexes, speech time (baseline weights) and the engine's 40 features; the new features
come from features_audio.py's cache (.cache/egemaps-*.csv, .cache/tf-*.csv), matched on the
tables' `file` column (nEMO/RAVDESS file name; the calm clips' path).

No line penalty anywhere here (the new features exist on the pcmu line only); the shipped
40 features are re-run without it as the reference row. Hyperparameters marked "(by training
folds)" are chosen on 3 speaker folds inside the training corpus (variants.within_corpus_score),
never on the left-out corpus.

Run: ../../.venv/bin/python features_eval.py [group-name-substring ...] > out.txt
"""
import sys

import numpy as np
from sklearn.svm import LinearSVC

import common as C
import features_audio as A
import recipe as R
import variants as V

EG_LEVEL = ["loudness_sma3_amean", "loudness_sma3_percentile20.0", "loudness_sma3_percentile50.0",
            "loudness_sma3_percentile80.0", "equivalentSoundLevel_dBp"]


def load_all():
    data = C.load()
    base = {"ravdess": data["ravdess"]["pcmu"], "nemo": data["nemo"]["pcmu"], "calm": C.calm_calls()}
    new = {}
    for kind in ["egemaps", "tf", "tf2"]:
        for corpus in base:
            if not A.os.path.exists(A.os.path.join(A.CACHE, f"{kind}-{corpus}.csv")):
                continue
            names, rows = A.load_cache(kind, corpus)
            for f, v in rows.items():
                new.setdefault((corpus, f), {}).update({f"{kind[:2]}:{n}": x for n, x in zip(names, v)})
    return base, new


def table(base, new, corpus, cols):
    """A copy of the committed table with the columns `cols`: plain names are the engine's,
    'eg:…' eGeMAPS, 'tf:…' the telephone features."""
    t = base[corpus]
    out = t.subset(np.ones(len(t), bool))
    out.features = list(cols)
    X = np.full((len(t), len(cols)), np.nan)
    eng = {f: j for j, f in enumerate(t.features)}
    for j, c in enumerate(cols):
        if c in eng:
            X[:, j] = t.X[:, eng[c]]
        else:
            X[:, j] = [new.get((corpus, f), {}).get(c, np.nan) for f in t.file]
    out.X = X
    return out


class NewRecipe(R.Recipe):
    """The shipped recipe on any columns; no line penalty; level measures need a baseline."""
    line_penalty = 0.0
    ignored = C.SHIPPED_IGNORED

    def __init__(self, name, cols, l2=0.01):
        self.name, self.cols, self.l2, self.arousal_l2 = name, cols, l2, l2

    def population_inputs(self, model, X):
        need = set(C.REQUIRES_BASELINE) | {"eg:" + n for n in EG_LEVEL}
        z = (X - model.mean) / model.std
        z[:, self.mask(model) | np.array([f in need for f in model.features])] = 0
        z[~np.isfinite(z)] = 0
        return np.clip(z, -self.clamp, self.clamp)


class SVMRecipe(NewRecipe):
    def __init__(self, name, cols, c=0.1):
        super().__init__(name, cols)
        self.c = c

    def classifier(self, kind, penalty):
        return V.Wrapped(LinearSVC(C=self.c, max_iter=5000))


class Chosen(V.FoldChosen):
    def __init__(self, inner, attr, candidates):
        super().__init__(inner, attr, candidates)
        self.name = inner.name


def loco(recipe, base, new):
    out = {}
    for held in ["nemo", "ravdess"]:
        train = "ravdess" if held == "nemo" else "nemo"
        tr = table(base, new, train, recipe.cols)
        te = table(base, new, held, recipe.cols)
        model = recipe.train(tr, [])
        r = R.evaluate(recipe, model, te)
        r["temperature"] = (model.t_rel, model.t_pop)
        r["calm_calls"] = R.calm_calls_alarms(recipe, model, table(base, new, "calm", recipe.cols))
        out[held] = r
    return out


def sex_row(name, res):
    parts = []
    for held in ["nemo", "ravdess"]:
        c = res[held]["call"]
        parts.append(" ".join(f"{s[0]} ar {c[s]['arousal']:.3f} calm {100 * c[s]['calm_alarm']:.1f} anger {100 * c[s]['anger_cb']:.1f}"
                              for s in ["male", "female"]))
    return f"    per sex (calls)  R→N: {parts[0]} | N→R: {parts[1]}"


def groups(engine, eg, tf):
    g = {}
    E = [f for f in engine if f not in C.SHIPPED_IGNORED]
    g["engine40"] = engine
    pick = lambda names, pre: [f"{pre}:{n}" for n in names]
    egn = [n[3:] for n in eg]
    G = {
        "eg_f0": [n for n in egn if n.startswith("F0semitone")],
        "eg_loud": [n for n in egn if n.startswith("loudness") or n == "equivalentSoundLevel_dBp"],
        "eg_tilt": [n for n in egn if n.startswith(("alphaRatio", "hammarberg", "slope"))],
        "eg_formant": [n for n in egn if n.startswith(("F1", "F2", "F3"))],
        "eg_mfcc": [n for n in egn if n.startswith("mfcc")],
        "eg_vq": [n for n in egn if n.startswith(("jitter", "shimmer", "HNR", "logRelF0"))],
        "eg_timing": [n for n in egn if "Segment" in n or "PerSec" in n],
        "eg_flux": [n for n in egn if n.startswith("spectralFlux")],
    }
    g["egemaps88"] = eg
    for k, v in G.items():
        g[k] = pick(v, "eg")
    tfn = [n[3:] for n in tf]
    T = {
        "tf_S": ["centroid", "centroidSD", "flatness", "slopeLow", "slopeHigh", "slopeAll", "ratio1k2k", "ratio2k"],
        "tf_E": ["ratio1k2kLoud", "ratio2kLoud", "slopeAllLoud", "centroidLoud", "tiltLevelSlope", "F1Loud"],
        "tf_M": [f"mfcc{i}" for i in range(1, 9)] + ["mfccDelta"],
        "tf_F": ["F1", "F1SD", "F2", "F3", "B1"],
        "tf_Q": ["cpp", "shimmerFrame", "jitterFrame", "periodicity"],
        "tf_L": ["levelRange1090", "levelSD", "levelCrest", "peakRate", "riseSlope", "fallSlope", "mod2to8", "modDepth"],
        "tf_H": ["H1H2", "H1A1", "H1A2", "H1A3", "F1r", "F2r", "F3r"],
        "tf_P": ["f0p20", "f0p80", "f0range2080", "f0Rise", "f0Fall", "f0RiseShare", "f0WithinSD", "f0SegSlope", "f0LevelCorr"],
    }
    g["tf_all"] = tf
    for k, v in T.items():
        g[k] = [c for c in pick(["tf_" + n for n in v], "tf") if c in tf]
    return g, E, G, T


def main(select):
    base, new = load_all()
    engine = base["ravdess"].features
    eg = sorted([c for c in new[("nemo", "EB0_anger_1.wav")] if c.startswith("eg:")],
                key=list(new[("nemo", "EB0_anger_1.wav")]).index)
    tf = [c for c in new[("nemo", "EB0_anger_1.wav")] if c.startswith("tf:")]
    g, E, _, _ = groups(engine, eg, tf)
    l2s = [0.001, 0.01, 0.1, 1.0]
    plan = []
    plan.append(NewRecipe("engine 40 (shipped recipe, no line penalty)", engine))
    plan.append(Chosen(NewRecipe("eGeMAPS 88, logistic (l2 by training folds)", eg), "l2", l2s))
    plan.append(Chosen(SVMRecipe("eGeMAPS 88, linear SVM (C by training folds)", eg), "c", [0.01, 0.1, 1.0]))
    for k in [k for k in g if k.startswith("eg_")]:
        plan.append(NewRecipe(f"{k} alone", g[k]))
        plan.append(NewRecipe(f"engine + {k}", engine + g[k]))
    plan.append(NewRecipe("engine + eGeMAPS 88", engine + eg))
    plan.append(NewRecipe("tf all (telephone features)", tf))
    for k in [k for k in g if k.startswith("tf_") and k != "tf_all" and all(c in tf for c in g[k])]:
        plan.append(NewRecipe(f"{k} alone", g[k]))
        plan.append(NewRecipe(f"engine + {k}", engine + g[k]))
    plan.append(NewRecipe("engine + tf all", engine + tf))
    print(R.HEADER, flush=True)
    for v in plan:
        if select and not any(s in v.name for s in select):
            continue
        res = loco(v, base, new)
        print(R.row(v.name, res), flush=True)
        print(sex_row(v.name, res), flush=True)
        if isinstance(v, V.FoldChosen):
            print("    chosen on training folds:", v.chosen, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])


# --- group selection on training folds, and a descriptive effect-size table ----------------
def forward_groups(base, new, start, candidates, l2=0.01, log=print):
    """Greedy forward selection of feature groups, per direction, scored ONLY on 3 speaker folds
    of the training corpus (arousal UAR + four-class UAR of calls, variants.within_corpus_score).
    Returns {held-out corpus: [chosen group names]}."""
    chosen = {}
    for held in ["nemo", "ravdess"]:
        train = "ravdess" if held == "nemo" else "nemo"
        cols, picked = list(start), []
        best = V.within_corpus_score(NewRecipe("s", cols, l2), table(base, new, train, cols))
        log(f"  train {train}: start {best:.3f}")
        while True:
            trial = {}
            for k, g in candidates.items():
                if k in picked:
                    continue
                c = cols + g
                trial[k] = V.within_corpus_score(NewRecipe("s", c, l2), table(base, new, train, c))
            if not trial:
                break
            k = max(trial, key=trial.get)
            log(f"  train {train}: " + ", ".join(f"{a} {b:.3f}" for a, b in sorted(trial.items(), key=lambda x: -x[1])))
            if trial[k] <= best + 0.005:
                break
            best = trial[k]
            picked.append(k)
            cols = cols + candidates[k]
        chosen[held] = picked
        log(f"  train {train}: chosen {picked} score {best:.3f}")
    return chosen


def effects(base, new, cols):
    """Per corpus: standardised departure (calls, training seed), high minus low arousal, per
    feature — descriptive only (it looks at both corpora's labels; nothing is chosen on it)."""
    out = {}
    for corpus in ["ravdess", "nemo"]:
        t = table(base, new, corpus, cols)
        cs = C.calls(t, 20_240_520)
        D = t.X[[c[0] for c in cs]] - np.array([c[2] for c in cs])
        y = C.HIGH[t.label[[c[0] for c in cs]]]
        sd = np.nanstd(D, 0)
        out[corpus] = (np.nanmean(D[y == 1], 0) - np.nanmean(D[y == 0], 0)) / np.where(sd > 0, sd, 1)
    return out
