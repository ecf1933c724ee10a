"""Step 2: variants of the recipe, each judged leave-one-corpus-out in both directions on the
committed tables. Hyperparameters (L2, MLP size, SVM C) are chosen by `choose.py`-style speaker
folds inside the training corpus (`FoldChosen`), never on the left-out corpus.

Run: ../../.venv/bin/python variants.py [name-substring ...]  (prints the table rows)
"""
import sys

import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC

import common as C
import recipe as R

F0 = ["f0Median", "f0Peak", "f0Range", "f0Std", "f0EndSlope", "f0Perturbation"]
QUALITY = ["alphaRatio", "hammarberg", "spectralSlope", "hnr", "voicedLevelContrast"]
TIMING = ["voicedRatio", "voicedSegmentRate", "voicedSegmentMeanSec", "unvoicedSegmentMeanSec", "pauseRatio", "syllableRate"]
SPECTRAL_SHAPE = ["mfcc1", "mfcc2", "mfcc3", "mfcc4", "band300to700", "band700to1300", "band1300to2200", "band2200to3400"]


def keep_only(names):
    def ignored(features):
        return [f for f in features if f not in names]
    return ignored


class Subset(R.Recipe):
    """Read only `keep` (besides the shipped ignored list)."""

    def __init__(self, name, keep):
        self.name, self.keep = name, keep

    def mask(self, model):
        return np.array([f in self.ignored or f not in self.keep for f in model.features])


ALL = None  # filled on load


class WithinSpeakerScale(R.Recipe):
    """Relative inputs in units of the training corpus's within-speaker spread (SD of a turn's
    departure from its speaker's two-neutral-turn baseline) instead of the population SD."""
    name = "Δ / within-speaker SD (training calls)"

    def prepare(self, model, t):
        cs = C.calls(t, self.call_seed)
        D = t.X[[c[0] for c in cs]] - np.array([c[2] for c in cs])
        s = np.nanstd(D, 0)
        model.rel_std = np.where(np.isfinite(s) & (s > 1e-3), s, model.std)

    def relative_inputs(self, model, X, ref, earlier=None):
        z = (X - ref) / model.rel_std
        z[:, self.mask(model)] = 0
        z[~np.isfinite(z)] = 0
        return np.clip(z, -self.clamp, self.clamp)


class SpeakerSpread(R.Recipe):
    """Per-caller scale from the two baseline turns: departures divided by how far the caller's
    two neutral turns differ from each other (one number over all features, relative to the
    training callers' median), bounded to ×0.5…×2."""
    name = "Δ / caller's own neutral spread (2 turns)"

    def spread(self, model, earlier):
        out = []
        for E in earlier:
            if E is None or len(E) < 2:
                out.append(np.nan)
                continue
            d = (E[0] - E[1]) / model.std
            d[self.mask(model)] = np.nan
            out.append(np.sqrt(np.nanmean(d ** 2)))
        return np.array(out)

    def prepare(self, model, t):
        cs = C.calls(t, self.call_seed)
        model.typical_spread = np.nanmedian(self.spread(model, [t.X[c[1]] for c in cs]))

    def relative_inputs(self, model, X, ref, earlier=None):
        z = super().relative_inputs(model, X, ref)
        if earlier is None:
            return z
        s = self.spread(model, earlier) / model.typical_spread
        s = np.clip(np.where(np.isfinite(s), s, 1), 0.5, 2)
        return np.clip(z / s[:, None], -self.clamp, self.clamp)


class Quantile(R.Recipe):
    """Each relative input mapped through the training calls' empirical distribution to a
    normal score (rank normalisation of the training corpus; applied to the test corpus with
    the training map, no test statistics)."""
    name = "rank-normalised Δ (training quantiles)"

    def prepare(self, model, t):
        cs = C.calls(t, self.call_seed)
        Z = super().relative_inputs(model, t.X[[c[0] for c in cs]], np.array([c[2] for c in cs]))
        model.q = np.sort(Z, 0)

    def relative_inputs(self, model, X, ref, earlier=None):
        from scipy.stats import norm
        z = super().relative_inputs(model, X, ref)
        if not hasattr(model, "q"):
            return z
        out = np.zeros_like(z)
        n = len(model.q)
        for j in range(z.shape[1]):
            if np.all(model.q[:, j] == 0):
                continue
            r = (np.searchsorted(model.q[:, j], z[:, j], "left") + np.searchsorted(model.q[:, j], z[:, j], "right")) / 2
            out[:, j] = norm.ppf(np.clip((r + 0.5) / (n + 1), 1e-3, 1 - 1e-3))
        return out


class TestCorpusScale(R.Recipe):
    """TRANSDUCTIVE (uses the left-out corpus's unlabelled statistics, as a deployment could
    accumulate from its own calls): relative inputs rescaled per feature by the ratio of the
    training calls' departure SD to the test calls' departure SD; first turns standardised with
    the test corpus's own mean and SD."""
    name = "TRANSDUCTIVE: test-corpus Δ scale + norms"

    def prepare(self, model, t):
        cs = C.calls(t, self.call_seed)
        D = t.X[[c[0] for c in cs]] - np.array([c[2] for c in cs])
        model.train_dsd = np.nanstd(D, 0)

    def adapt(self, model, test):
        cs = C.calls(test, R.EVAL_SEED)
        D = test.X[[c[0] for c in cs]] - np.array([c[2] for c in cs])
        ratio = model.train_dsd / np.nanstd(D, 0)
        model.ratio = np.where(np.isfinite(ratio), ratio, 1)
        mean, std = self.stats(test)
        model.mean, model.std = mean, std

    def relative_inputs(self, model, X, ref, earlier=None):
        z = super().relative_inputs(model, X, ref)
        if hasattr(model, "ratio"):
            z = np.clip(z * model.ratio, -self.clamp, self.clamp)
        return z


class Classifier(R.Recipe):
    """Another classifier in place of the softmax regressions (no line penalty: they cannot take
    it; the other lines' rows are added as training examples instead when `augment`)."""

    def __init__(self, name, make):
        self.name, self.make = name, make

    def classifier(self, kind, penalty):
        return Wrapped(self.make(kind))


class Wrapped:
    def __init__(self, est):
        self.est = est

    def fit(self, X, y, k, w):
        self.k = k
        self.est.fit(X, y, sample_weight=w * len(w) / w.sum())
        return self

    def logits(self, X):
        if hasattr(self.est, "predict_proba"):
            p = self.est.predict_proba(X)
            return np.log(np.clip(p, 1e-9, 1))
        d = self.est.decision_function(X)
        return np.stack([-d, d], 1) / 2 if d.ndim == 1 else d


class ArousalFirst(R.Recipe):
    """Arousal decided first (the arousal classifier, calibrated by the same temperature rule on
    its own), then the category within it by least expected cost among that arousal's labels."""
    name = "arousal first, then category within it"

    def predict(self, model, X, ref=None, earlier=None):
        five, four, high, p = super().predict(model, X, ref, earlier)
        z = self.population_inputs(model, X) if ref is None else self.relative_inputs(model, X, ref, earlier)
        ac = model.pop_arousal if ref is None else model.rel_arousal
        hi = R.softmax(ac.logits(z))[:, 1] > 0.5
        cost = p @ self.costs
        for i in range(len(X)):
            allowed5 = [1, 2, 4] if hi[i] else [0, 3]
            allowed4 = [1, 4] if hi[i] else [0, 3]
            five[i] = allowed5[int(np.argmin(cost[i, allowed5]))]
            four[i] = allowed4[int(np.argmin(cost[i, allowed4]))]
        if ref is None:
            low = p[np.arange(len(p)), five] < self.min_population
            five[low & (five != 0)] = 0
            low = p[np.arange(len(p)), four] < self.min_population
            four[low & (four != 0)] = 0
        else:
            dz = self.departure(model, X, ref) < self.dead_zone
            five[dz] = 0
            four[dz] = 0
            hi = hi & ~dz
        return five, four, hi, p


def mix(*classes, name):
    cls = type("Mix", classes, {"name": name})
    return cls


def variants(features):
    v = [
        R.Recipe(),
        Subset("no MFCC / band levels (language-prone)", [f for f in features if f not in SPECTRAL_SHAPE]),
        Subset("prosody + voice quality + timing only", F0 + QUALITY + TIMING),
        Subset("F0 + timing only", F0 + TIMING),
        WithinSpeakerScale(),
        SpeakerSpread(),
        Quantile(),
        ArousalFirst(),
    ]
    return v


def run(select):
    data = C.load()
    features = data["ravdess"]["pcmu"].features
    print(R.HEADER, flush=True)
    for v in variants(features):
        if select and not any(s in v.name for s in select):
            continue
        res = loco(v, data)
        print(R.row(v.name, res), flush=True)


def loco(v, data):
    if not isinstance(v, TestCorpusScale):
        return R.loco(v, data)
    out = {}
    for held in ["nemo", "ravdess"]:
        train = "ravdess" if held == "nemo" else "nemo"
        others = [t for k, t in data[train].items() if k != "pcmu"]
        model = v.train(data[train]["pcmu"], others)
        v.adapt(model, data[held]["pcmu"])
        r = R.evaluate(v, model, data[held]["pcmu"])
        r["calm_calls"] = (-1, -1)
        out[held] = r
    return out




def within_corpus_score(v, t, folds=3):
    """Arousal UAR + four-class UAR of recipe `v` on `t` by speaker folds inside it (calls;
    no temperature), the only score hyperparameters are chosen on."""
    f = C.speaker_folds(t.speaker, folds)
    fold = np.array([f[s] for s in t.speaker])
    y, h, four = [], [], []
    saved = v.temperature_folds
    v.temperature_folds = 0
    for k in range(folds):
        m = v.train(t.subset(fold != k))
        te = t.subset(fold == k)
        cs = C.calls(te, R.EVAL_SEED)
        idx = [c[0] for c in cs]
        _, fo, hi, _ = v.predict(m, te.X[idx], np.array([c[2] for c in cs]), [te.X[c[1]] for c in cs])
        y.append(te.label[idx]); h.append(hi); four.append(fo)
    v.temperature_folds = saved
    y, h, four = np.concatenate(y), np.concatenate(h), np.concatenate(four)
    m4 = np.isin(y, C.FOUR)
    return C.uar(C.HIGH[y], h.astype(int), [0, 1]) + C.uar(y[m4], four[m4], C.FOUR)


class FoldChosen:
    """Wraps a recipe: before training on a corpus, sets `attr` to the candidate with the best
    within-training-corpus speaker-fold score (the left-out corpus is never looked at)."""

    def __init__(self, inner, attr, candidates):
        self.inner, self.attr, self.candidates = inner, attr, candidates
        self.name = inner.name + f" ({attr} by training folds)"
        self.chosen = []

    def __getattr__(self, k):
        return getattr(self.inner, k)

    def train(self, t, others=()):
        scores = []
        for c in self.candidates:
            setattr(self.inner, self.attr, c)
            scores.append(within_corpus_score(self.inner, t))
        best = self.candidates[int(np.argmax(scores))]
        label = best if isinstance(best, (int, float)) else f"candidate {self.candidates.index(best)}"
        self.chosen.append((t.corpus, label, [round(s, 3) for s in scores]))
        setattr(self.inner, self.attr, best)
        return self.inner.train(t, others)

    def predict(self, *a, **k):
        return self.inner.predict(*a, **k)


class F0TimingArousalFirst(ArousalFirst):
    name = "F0 + timing only, arousal first"
    keep = F0 + TIMING

    def mask(self, model):
        return np.array([f in self.ignored or f not in self.keep for f in model.features])


class MoreCalls(R.Recipe):
    name = "5 baseline draws per training target"

    def fit(self, t, others=()):
        orig = C.calls
        C.calls = lambda tt, seed, earlier=2: [c for s in range(5) for c in orig(tt, seed + 1000 * s, earlier)] if seed == self.call_seed else orig(tt, seed, earlier)
        try:
            return super().fit(t, others)
        finally:
            C.calls = orig


def second_batch(features):
    mlp = lambda h, a: (lambda kind: MLPClassifier(hidden_layer_sizes=(h,), alpha=a, solver="lbfgs", max_iter=1000, random_state=0))
    return [
        FoldChosen(R.Recipe(), "l2", [0.001, 0.01, 0.1, 1.0]),
        FoldChosen(Subset("F0 + timing only", F0 + TIMING), "l2", [0.001, 0.01, 0.1, 1.0]),
        FoldChosen(Subset("prosody + voice quality + timing only", F0 + QUALITY + TIMING), "l2", [0.001, 0.01, 0.1, 1.0]),
        F0TimingArousalFirst(),
        MoreCalls(),
        Classifier("linear SVM (C 0.1, OvR scores)", lambda kind: LinearSVC(C=0.1)),
        TestCorpusScale(),
        FoldChosen(Classifier("MLP 16 hidden", mlp(16, 1.0)), "make", [mlp(8, 1.0), mlp(16, 1.0), mlp(16, 10.0)]),
    ]


def run_list(vs):
    data = C.load()
    print(R.HEADER, flush=True)
    for v in vs:
        res = loco(v, data)
        print(R.row(v.name, res), flush=True)
        if isinstance(v, FoldChosen):
            print("    chosen on training folds:", v.chosen, flush=True)


if __name__ == "__main__":
    feats = C.load()["ravdess"]["pcmu"].features
    if sys.argv[1:2] == ["--second"]:
        run_list(second_batch(feats))
    else:
        run(sys.argv[1:])
