"""Why the figures are what they are (notes section 3): the arousal classifier's ranking (AUC) on
the left-out corpus against the best threshold chosen on that corpus (an oracle, for diagnosis
only), per feature subset; the features' arousal effects per corpus; and the recipe's
within-corpus speaker-fold figures (calls). Shipped recipe without temperature or line penalty."""
import numpy as np
from sklearn.metrics import roc_auc_score

import common as C
import recipe as R
import variants as V


def cross_corpus(data):
    feats = data["ravdess"]["pcmu"].features
    subsets = {"all (shipped)": None, "no MFCC/bands": [f for f in feats if f not in V.SPECTRAL_SHAPE],
               "prosody+quality+timing": V.F0 + V.QUALITY + V.TIMING, "F0+timing": V.F0 + V.TIMING}
    for name, keep in subsets.items():
        rc = R.Recipe() if keep is None else V.Subset(name, keep)
        rc.temperature_folds, rc.line_penalty = 0, 0
        for held, train in [("nemo", "ravdess"), ("ravdess", "nemo")]:
            m = rc.fit(data[train]["pcmu"])
            t = data[held]["pcmu"]
            cs = C.calls(t, R.EVAL_SEED)
            idx = [c[0] for c in cs]
            z = rc.relative_inputs(m, t.X[idx], np.array([c[2] for c in cs]))
            y = C.HIGH[t.label[idx]]
            s = R.softmax(m.rel_arousal.logits(z))[:, 1]
            best = max(C.uar(y, (s > th).astype(int), [0, 1]) for th in np.quantile(s, np.linspace(0.02, 0.98, 97)))
            print(f"{name:<24} {train} → {held}: arousal AUC {roc_auc_score(y, s):.3f}, UAR at 0.5 {C.uar(y, (s > 0.5).astype(int), [0, 1]):.3f}, "
                  f"at the test corpus's best threshold (oracle) {best:.3f}")
            if keep is None:
                dz = z[y == 1].mean(0) - z[y == 0].mean(0)
                top = np.argsort(-abs(dz))[:10]
                print("    largest arousal effects in", held, "(high − low, standardised departures):",
                      ", ".join(f"{t.features[j]} {dz[j]:+.2f}" for j in top))


def within_corpus(data):
    rc = R.Recipe()
    rc.temperature_folds, rc.line_penalty = 0, 0
    for corpus, k in [("nemo", 9), ("ravdess", 6)]:
        t = data[corpus]["pcmu"]
        f = C.speaker_folds(t.speaker, k)
        fold = np.array([f[s] for s in t.speaker])
        ys, ss, hs, fs = [], [], [], []
        for i in range(k):
            m = rc.fit(t.subset(fold != i))
            te = t.subset(fold == i)
            cs = C.calls(te, R.EVAL_SEED)
            idx = [c[0] for c in cs]
            ref = np.array([c[2] for c in cs])
            _, four, high, _ = rc.predict(m, te.X[idx], ref)
            z = rc.relative_inputs(m, te.X[idx], ref)
            ys.append(te.label[idx]); ss.append(R.softmax(m.rel_arousal.logits(z))[:, 1]); hs.append(high); fs.append(four)
        y, s, h, four = map(np.concatenate, (ys, ss, hs, fs))
        m4 = np.isin(y, C.FOUR)
        print(f"{corpus} within-corpus speaker folds ({k}), calls: arousal AUC {roc_auc_score(C.HIGH[y], s):.3f}, "
              f"UAR {C.uar(C.HIGH[y], h.astype(int), [0, 1]):.3f}, four-class {C.uar(y[m4], four[m4], C.FOUR):.3f}")


if __name__ == "__main__":
    d = C.load()
    cross_corpus(d)
    within_corpus(d)
