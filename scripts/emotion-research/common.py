"""Shared pieces of the emotion research scripts: the committed feature tables, the call
protocol (same draw as `CallProtocol` in Swift: SplitMix64, same seeds), baselines, metrics.

A replica of the Swift recipe for comparing variants cheaply; the engine stays the reference.
"""
import os

import numpy as np

FIXTURES = os.path.join(os.path.dirname(__file__), "../../Tests/EmotionTests/Fixtures")
LABELS = ["neutral", "irritated", "anxious", "bored", "cheerful"]
FOUR = [0, 1, 3, 4]  # neutral, irritated, bored, cheerful
HIGH = np.array([0, 1, 1, 0, 1])  # arousal class of each label
MAP = {"neutral": 0, "calm": 0, "anger": 1, "angry": 1, "irritated": 1, "fear": 2, "fearful": 2, "anxious": 2,
       "sadness": 3, "sad": 3, "boredom": 3, "bored": 3, "happiness": 4, "happy": 4, "cheerful": 4}
LINES = ["pcmu+10", "pcmu-10", "pcma", "l16", "opus-nb", "opus-wb"]
COSTS = np.array([[0, 5, 5, 1, 1], [3, 0, 1, 10, 10], [3, 1, 0, 6, 6], [1, 3, 3, 0, 1], [1, 2, 2, 1, 0]], float)
REQUIRES_BASELINE = ["f0Median", "f0Peak", "level", "levelPeak"]
SHIPPED_IGNORED = ["levelRange", "levelStd", "f0FallSlope", "loudnessFallSlope", "levelPerturbation",
                   "loudnessRiseSlope", "f0RiseSlope", "level", "levelPeak"]


class Table:
    """One feature table: rows of one corpus through one line."""

    def __init__(self, path):
        with open(path) as f:
            first = f.readline().strip()
            # Plain comma split, as `FeatureTable` reads it (statements may hold quote marks).
            rows = [line.rstrip("\n").split(",") for line in f if line.strip()]
        tail = first.split(", channel ")[1]
        parts = tail.split(", corpus ")
        self.condition = parts[0]
        self.corpus = parts[1].strip() if len(parts) > 1 else ""
        header, rows = rows[0], rows[1:]
        self.features = header[7:]
        self.file = [r[0] for r in rows]
        self.speaker = [r[1] for r in rows]
        self.sex = [r[2] for r in rows]
        self.emotion = [r[3] for r in rows]
        self.label = np.array([MAP.get(r[3].lower(), -1) for r in rows])
        self.speech = np.array([float(r[6]) for r in rows])
        self.X = np.array([[float(v) if v != "nan" else np.nan for v in r[7:]] for r in rows])
        self.caller = [s + "@" + self.condition for s in self.speaker]
        self.corpora = [self.corpus] * len(self.file)

    def __len__(self):
        return len(self.file)

    def subset(self, mask):
        t = object.__new__(Table)
        idx = np.flatnonzero(mask)
        t.condition, t.corpus, t.features = self.condition, self.corpus, self.features
        for name in ["file", "speaker", "sex", "emotion", "caller", "corpora"]:
            setattr(t, name, [getattr(self, name)[i] for i in idx])
        t.label, t.speech, t.X = self.label[idx], self.speech[idx], self.X[idx]
        return t


def concat(tables):
    """Rows of several tables in order (one line; e.g. two corpora on pcmu)."""
    t = object.__new__(Table)
    t.condition, t.corpus, t.features = tables[0].condition, "+".join(x.corpus for x in tables), tables[0].features
    for name in ["file", "speaker", "sex", "emotion", "caller", "corpora"]:
        setattr(t, name, sum((getattr(x, name) for x in tables), []))
    t.label = np.concatenate([x.label for x in tables])
    t.speech = np.concatenate([x.speech for x in tables])
    t.X = np.concatenate([x.X for x in tables])
    return t


def load():
    """{corpus: {line: Table}} from the committed fixtures (nEMO on pcmu only)."""
    out = {"ravdess": {"pcmu": Table(os.path.join(FIXTURES, "ravdess-pcmu-features.csv"))},
           "nemo": {"pcmu": Table(os.path.join(FIXTURES, "nemo-pcmu-features.csv"))}}
    for line in LINES:
        t = Table(os.path.join(FIXTURES, f"ravdess-{line}-features.csv"))
        out["ravdess"][t.condition] = t
    return out


def calm_calls():
    return Table(os.path.join(FIXTURES, "calm-calibration-features.csv"))


class SplitMix:
    M = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.M

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.M
        return z ^ (z >> 31)


def baseline_mean(t, idx, min_speech=0.5):
    """`VoiceBaseline.mean` of rows `idx` (speech-time weighted; turns < 0.5 s not added).
    Returns (mean, turns added)."""
    use = [i for i in idx if t.speech[i] >= min_speech]
    if not use:
        return np.full(t.X.shape[1], np.nan), 0
    X, w = t.X[use], t.speech[use]
    fin = np.isfinite(X)
    s = np.where(fin, X * w[:, None], 0).sum(0)
    ws = (fin * w[:, None]).sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        m = np.where(ws > 1e-9, s / np.where(ws > 1e-9, ws, 1), np.nan)
    return m, len(use)


def calls(t, seed, earlier=2):
    """`CallProtocol.calls`: (target, [earlier rows], reference mean) for every labelled row."""
    neutral = {}
    for i in range(len(t)):
        if t.label[i] == 0:
            neutral.setdefault(t.caller[i], []).append(i)
    rng = SplitMix(seed)
    out = []
    for i in range(len(t)):
        if t.label[i] < 0:
            continue
        pool = [j for j in neutral.get(t.caller[i], []) if j != i]
        if len(pool) < earlier:
            continue
        picked = []
        while len(picked) < earlier:
            j = pool[rng.next() % len(pool)]
            if j not in picked:
                picked.append(j)
        m, n = baseline_mean(t, picked)
        if n < earlier:
            continue
        out.append((i, picked, m))
    return out


def leave_one_out_baselines(t):
    """`EmotionTrainer.leaveOneOutBaselines`: each row's speaker's other rows on its line."""
    by = {}
    for i, c in enumerate(t.caller):
        by.setdefault(c, []).append(i)
    out = []
    for i, c in enumerate(t.caller):
        m, n = baseline_mean(t, [j for j in by[c] if j != i])
        out.append(m if n >= 1 else None)
    return out


def balanced_weights(corpus, y):
    """`CallProtocol.balancedWeights`: every corpus the same total, every class within it too."""
    corpus, y = list(corpus), list(y)
    counts = {}
    for c, l in zip(corpus, y):
        counts[(c, l)] = counts.get((c, l), 0) + 1
    per = {}
    for (c, _l) in counts:
        per[c] = per.get(c, 0) + 1
    n, k = len(y), len(per)
    return np.array([n / (k * per[c] * counts[(c, l)]) for c, l in zip(corpus, y)])


def uar(truth, pred, classes):
    r = []
    for c in classes:
        m = truth == c
        if m.sum():
            r.append((pred[m] == c).mean())
    return float(np.mean(r))


def speaker_folds(speakers, k):
    """Speakers in order (numerically when numbers), round robin into k folds."""
    def key(s):
        return (0, int(s), "") if s.isdigit() else (1, 0, s)
    order = sorted(set(speakers), key=key)
    return {s: i % k for i, s in enumerate(order)}
