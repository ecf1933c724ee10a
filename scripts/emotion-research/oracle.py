"""Where the committed features stand against the issue's anchors: the shipped recipe's classifiers
(no temperature, no line penalty) fitted on one corpus and judged on the other with three
references for a turn — the call protocol (two neutral turns), the mean of all the speaker's
other utterances (what a long call would give), and an oracle per-speaker z-score (mean and SD
of all the speaker's utterances, labels unused) — plus within-corpus speaker folds (calls)."""
import numpy as np

import common as C
import recipe as R


class OracleZ(R.Recipe):
    """Each row z-scored by its own speaker's mean and SD over all their utterances."""
    def fit_table(self, t):
        Z = np.zeros_like(t.X)
        for s in set(t.caller):
            k = np.array([c == s for c in t.caller])
            mu, sd = np.nanmean(t.X[k], 0), np.nanstd(t.X[k], 0)
            Z[k] = (t.X[k] - mu) / np.where(sd > 1e-6, sd, 1)
        return Z


def run():
    data = C.load()
    rc = R.Recipe()
    rc.temperature_folds = 0
    rc.line_penalty = 0
    for held, train in [("nemo", "ravdess"), ("ravdess", "nemo")]:
        tr, te = data[train]["pcmu"], data[held]["pcmu"]
        m = rc.fit(tr)
        out = []
        # call protocol
        cs = C.calls(te, R.EVAL_SEED)
        idx = [c[0] for c in cs]
        _, four, high, _ = rc.predict(m, te.X[idx], np.array([c[2] for c in cs]))
        y = te.label[idx]
        m4 = np.isin(y, C.FOUR)
        out.append(("calls (2 neutral turns)", C.uar(C.HIGH[y], high.astype(int), [0, 1]), C.uar(y[m4], four[m4], C.FOUR)))
        # other utterances
        lab = np.flatnonzero(te.label >= 0)
        ref = np.array(C.leave_one_out_baselines(te))[lab]
        _, four, high, _ = rc.predict(m, te.X[lab], np.stack(ref))
        y = te.label[lab]
        m4 = np.isin(y, C.FOUR)
        out.append(("mean of the speaker's other utterances", C.uar(C.HIGH[y], high.astype(int), [0, 1]), C.uar(y[m4], four[m4], C.FOUR)))
        # oracle z: classifiers refitted on speaker-z-scored inputs (both corpora z-scored alike)
        o = OracleZ()
        Ztr, Zte = o.fit_table(tr), o.fit_table(te)
        mask = rc.mask(m)
        Ztr[:, mask] = 0
        Zte[:, mask] = 0
        Ztr, Zte = np.clip(np.nan_to_num(Ztr), -4, 4), np.clip(np.nan_to_num(Zte), -4, 4)
        ltr = np.flatnonzero(tr.label >= 0)
        ytr = tr.label[ltr]
        w = C.balanced_weights(["x"] * len(ytr), ytr)
        lc = R.Softmax(0.01).fit(Ztr[ltr], ytr, 5, w)
        ac = R.Softmax(0.01).fit(Ztr[ltr], C.HIGH[ytr], 2, C.balanced_weights(["x"] * len(ytr), C.HIGH[ytr]))
        p = R.softmax(lc.logits(Zte[lab]))
        high = R.softmax(ac.logits(Zte[lab]))[:, 1] + p[:, [1, 2, 4]].sum(1) - 1 > 0
        four = rc.decide(p, C.FOUR)
        out.append(("oracle per-speaker z-score (all utterances)", C.uar(C.HIGH[y], high.astype(int), [0, 1]), C.uar(y[m4], four[m4], C.FOUR)))
        for name, a, f in out:
            print(f"{train} → {held}: {name:<46} arousal UAR {a:.3f}  four-class UAR {f:.3f}")


if __name__ == "__main__":
    run()
