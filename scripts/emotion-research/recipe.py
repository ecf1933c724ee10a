"""A replica of the shipped training recipe (`EmotionTrainer`, `TrainingRecipe`) and of the
leave-one-corpus-out call evaluation (`CrossCorpusEvaluation`), with hooks for variants.

Variants change one of: how a turn becomes classifier inputs (`relative_inputs`,
`population_inputs`), which features are read (`ignored`), the classifier (`classifier`), or the
decision (`decide`). Hyperparameters of a variant are chosen on speaker folds of the training
corpus only (`choose.py`), never on the left-out corpus.
"""
import numpy as np
from scipy.optimize import minimize, minimize_scalar

import common as C


class Model:
    pass


def softmax(l):
    l = l - l.max(1, keepdims=True)
    e = np.exp(l)
    return e / e.sum(1, keepdims=True)


class Softmax:
    """`SoftmaxRegression`: weighted CE / Σw + ½ Σ_c w_cᵀ(λI + N)w_c, biases unpenalised."""

    def __init__(self, l2, penalty=None):
        self.l2, self.penalty = l2, penalty

    def fit(self, X, y, k, w):
        n, d = X.shape
        Y = np.eye(k)[y]
        P = self.l2 * np.eye(d) + (self.penalty if self.penalty is not None else 0)
        ws = w.sum()

        def f(theta):
            W = theta[: k * d].reshape(k, d)
            b = theta[k * d:]
            L = X @ W.T + b
            L = L - L.max(1, keepdims=True)
            lse = np.log(np.exp(L).sum(1))
            loss = -(w * ((L * Y).sum(1) - lse)).sum() / ws
            R = (np.exp(L - lse[:, None]) - Y) * w[:, None] / ws
            gW = R.T @ X
            gb = R.sum(0)
            WP = W @ P
            loss += 0.5 * (WP * W).sum()
            gW += WP
            return loss, np.concatenate([gW.ravel(), gb])

        r = minimize(f, np.zeros(k * d + k), jac=True, method="L-BFGS-B", options={"maxiter": 2000, "gtol": 1e-8})
        self.W = r.x[: k * d].reshape(k, d)
        self.b = r.x[k * d:]
        return self

    def logits(self, X):
        return X @ self.W.T + self.b


class Recipe:
    l2 = 0.01
    arousal_l2 = 0.01
    dead_zone = 0.4
    clamp = 4.0
    line_penalty = 6.0
    ignored = C.SHIPPED_IGNORED
    call_seed = 20_240_520
    temperature_folds = 3
    costs = C.COSTS
    min_population = 0.8
    name = "shipped recipe (replica)"

    # --- inputs -------------------------------------------------------------------------
    def stats(self, t):
        """Corpus-weighted population mean and SD (`populationStatistics`)."""
        counts = {}
        for c in t.corpora:
            counts[c] = counts.get(c, 0) + 1
        w = np.array([len(t) / (len(counts) * counts[c]) for c in t.corpora])
        d = t.X.shape[1]
        mean, std = np.zeros(d), np.ones(d)
        for j in range(d):
            fin = np.isfinite(t.X[:, j])
            v, ww = t.X[fin, j], w[fin]
            if len(v) < 2:
                continue
            m = (v * ww).sum() / ww.sum()
            s = np.sqrt((ww * (v - m) ** 2).sum() / ww.sum() * len(v) / (len(v) - 1))
            mean[j], std[j] = m, max(s, 1e-3)
        return mean, std

    def prepare(self, model, t):
        """Anything a variant fits on the training rows before the classifiers (e.g. scales)."""

    def mask(self, model):
        return np.array([f in self.ignored for f in model.features])

    def relative_inputs(self, model, X, ref, earlier=None):
        """Rows X against reference means `ref` (one per row): (x − ref) / SD, clamped."""
        z = (X - ref) / model.std
        z[:, self.mask(model)] = 0
        z[~np.isfinite(z)] = 0
        return np.clip(z, -self.clamp, self.clamp)

    def population_inputs(self, model, X):
        z = (X - model.mean) / model.std
        z[:, self.mask(model) | np.array([f in C.REQUIRES_BASELINE for f in model.features])] = 0
        z[~np.isfinite(z)] = 0
        return np.clip(z, -self.clamp, self.clamp)

    def departure(self, model, X, ref):
        """RMS of the standardised departures (the dead-zone measure)."""
        z = (X - ref) / model.std
        m = self.mask(model)
        z[:, m] = 0
        z[~np.isfinite(z)] = 0
        z = np.clip(z, -self.clamp, self.clamp)
        return np.sqrt((z ** 2).sum(1) / max(1, z.shape[1] - m.sum()))

    # --- classifiers --------------------------------------------------------------------
    def classifier(self, kind, penalty):
        """kind: 'label' or 'arousal'; penalty: the line covariance (label classifiers)."""
        if kind == "label":
            return Softmax(self.l2, None if penalty is None else self.line_penalty * penalty)
        return Softmax(self.arousal_l2)

    # --- training -----------------------------------------------------------------------
    def call_inputs(self, model, t, cs):
        if not cs:
            return np.zeros((0, len(model.features)))
        X = t.X[[c[0] for c in cs]]
        ref = np.array([c[2] for c in cs])
        earlier = [t.X[c[1]] for c in cs]
        return self.relative_inputs(model, X, ref, earlier)

    def line_covariance(self, model, ref_table, others):
        """`NuisanceVariation`, line pairs only: covariance of input differences between the same
        file on another line and on the reference line, each against its speaker's leave-one-out
        baseline on its own line."""
        if not others or self.line_penalty == 0:
            return None, None
        idx = {f: i for i, f in enumerate(ref_table.file)}
        rb = C.leave_one_out_baselines(ref_table)
        rel_a, rel_b, pop_a, pop_b = [], [], [], []
        for o in sorted(others, key=lambda o: o.condition):
            ob = C.leave_one_out_baselines(o)
            for i in range(len(o)):
                j = idx.get(o.file[i])
                if j is None or ob[i] is None or rb[j] is None:
                    continue
                rel_a.append(self.relative_inputs(model, o.X[i:i + 1], ob[i][None])[0])
                rel_b.append(self.relative_inputs(model, ref_table.X[j:j + 1], rb[j][None])[0])
                pop_a.append(self.population_inputs(model, o.X[i:i + 1])[0])
                pop_b.append(self.population_inputs(model, ref_table.X[j:j + 1])[0])
        if not rel_a:
            return None, None

        def cov(a, b):
            D = np.array(a) - np.array(b)
            return D.T @ D / len(D)
        return cov(rel_a, rel_b), cov(pop_a, pop_b)

    def fit(self, t, others=()):
        model = Model()
        model.features = t.features
        model.mean, model.std = self.stats(t)
        self.prepare(model, t)
        cs = [c for c in C.calls(t, self.call_seed)]
        yr = t.label[[c[0] for c in cs]]
        cr = [t.corpora[c[0]] for c in cs]
        Zr = self.call_inputs(model, t, cs)
        lab = np.flatnonzero(t.label >= 0)
        yp = t.label[lab]
        cp = [t.corpora[i] for i in lab]
        Zp = self.population_inputs(model, t.X[lab])
        ref_rows = [o for o in others]
        covr, covp = self.line_covariance(model, t, ref_rows)
        w = C.balanced_weights
        model.rel_label = self.classifier("label", covr).fit(Zr, yr, 5, w(cr, yr))
        model.rel_arousal = self.classifier("arousal", None).fit(Zr, C.HIGH[yr], 2, w(cr, C.HIGH[yr]))
        model.pop_label = self.classifier("label", covp).fit(Zp, yp, 5, w(cp, yp))
        model.pop_arousal = self.classifier("arousal", None).fit(Zp, C.HIGH[yp], 2, w(cp, C.HIGH[yp]))
        model.t_rel = model.t_pop = 1.0
        return model

    def train(self, t, others=()):
        model = self.fit(t, others)
        if self.temperature_folds > 1:
            model.t_rel, model.t_pop = self.temperatures(t, others)
        return model

    def temperatures(self, t, others):
        fold = {}
        for corpus in sorted(set(t.corpora)):
            f = C.speaker_folds([s for s, c in zip(t.speaker, t.corpora) if c == corpus], self.temperature_folds)
            fold.update({(corpus, s): v for s, v in f.items()})
        of = np.array([fold[(c, s)] for c, s in zip(t.corpora, t.speaker)])
        rel, pop = [], []
        for k in range(self.temperature_folds):
            tr, te = t.subset(of != k), t.subset(of == k)
            oth = [o.subset(np.array([fold.get((o.corpus, s), -1) != k for s in o.speaker])) for o in others]
            m = self.fit(tr, oth)
            cs = C.calls(te, self.call_seed + 1)
            if cs:
                L = m.rel_label.logits(self.call_inputs(m, te, cs))
                rel += [(L[i], te.label[c[0]], te.corpora[c[0]]) for i, c in enumerate(cs)]
            lab = np.flatnonzero(te.label >= 0)
            L = m.pop_label.logits(self.population_inputs(m, te.X[lab]))
            pop += [(L[i], te.label[j], te.corpora[j]) for i, j in enumerate(lab)]
        return best_temperature(rel), best_temperature(pop)

    # --- decisions ----------------------------------------------------------------------
    def decide(self, p, allowed):
        cost = p @ self.costs
        sub = cost[:, allowed]
        return np.array(allowed)[sub.argmin(1)]

    def predict(self, model, X, ref=None, earlier=None):
        """Labels (5), four-class labels, high arousal, P(labels) for rows X; ref None: first turns."""
        if ref is None:
            z = self.population_inputs(model, X)
            lc, ac, T = model.pop_label, model.pop_arousal, model.t_pop
        else:
            z = self.relative_inputs(model, X, ref, earlier)
            lc, ac, T = model.rel_label, model.rel_arousal, model.t_rel
        p = softmax(lc.logits(z) / T)
        five = self.decide(p, [0, 1, 2, 3, 4])
        four = self.decide(p, C.FOUR)
        if ref is None:
            five = np.where((five != 0) & (p[np.arange(len(p)), five] < self.min_population), 0, five)
            four = np.where((four != 0) & (p[np.arange(len(p)), four] < self.min_population), 0, four)
        else:
            dz = self.departure(model, X, ref) < self.dead_zone
            five[dz] = 0
            four[dz] = 0
        arousal = softmax(ac.logits(z))[:, 1] + p[:, [1, 2, 4]].sum(1) - 1
        return five, four, arousal > 0, p


def best_temperature(samples):
    if not samples:
        return 1.0
    L = np.array([s[0] for s in samples])
    y = np.array([s[1] for s in samples])
    w = C.balanced_weights([s[2] for s in samples], y)

    def nll(logt):
        l = L / np.exp(logt)
        l = l - l.max(1, keepdims=True)
        return -(w * (l[np.arange(len(y)), y] - np.log(np.exp(l).sum(1)))).sum()
    r = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20)), method="bounded", options={"xatol": 1e-6})
    return float(np.exp(r.x))


# --- evaluation ---------------------------------------------------------------------------
EVAL_SEED = 7


def evaluate(recipe, model, t):
    """Calls (turn 3 after two neutral turns, seed 7) and first turns on table t."""
    cs = C.calls(t, EVAL_SEED)
    idx = np.array([c[0] for c in cs])
    ref = np.array([c[2] for c in cs])
    earlier = [t.X[c[1]] for c in cs]
    out = {}
    for name, (rows, r, e) in {"call": (idx, ref, earlier), "first": (np.flatnonzero(t.label >= 0), None, None)}.items():
        five, four, high, p = recipe.predict(model, t.X[rows], r, e)
        y = t.label[rows]
        sex = np.array([t.sex[i] for i in rows])
        out[name] = metrics(y, five, four, high, sex)
    return out


def metrics(y, five, four, high, sex):
    m4 = np.isin(y, C.FOUR)
    res = {"arousal": C.uar(C.HIGH[y], high.astype(int), [0, 1]),
           "four": C.uar(y[m4], four[m4], C.FOUR),
           "five": C.uar(y, five, range(5)),
           "anger_cb": float(np.isin(five[y == 1], [3, 4]).mean()),
           "calm_alarm": float(np.isin(five[y == 0], [1, 2]).mean()),
           "calm_high": float(high[y == 0].mean())}
    for s in ["male", "female"]:
        k = sex == s
        res[s] = {"arousal": C.uar(C.HIGH[y[k]], high[k].astype(int), [0, 1]),
                  "anger_cb": float(np.isin(five[k & (y == 1)], [3, 4]).mean()),
                  "calm_alarm": float(np.isin(five[k & (y == 0)], [1, 2]).mean())}
    return res


def calm_calls_alarms(recipe, model, table):
    """`CalmCalibration.laterTurnEstimates`: the calm calibration calls, each turn from the third
    judged against all earlier turns; the share called irritated or anxious."""
    alarms = total = 0
    order = []
    for s in table.speaker:
        if s not in order:
            order.append(s)
    for s in order:
        rows = [i for i, x in enumerate(table.speaker) if x == s]
        for k in range(len(rows)):
            m, n = C.baseline_mean(table, rows[:k])
            if n < 2:
                continue
            five, _, _, _ = recipe.predict(model, table.X[rows[k]:rows[k] + 1], m[None], [table.X[rows[:k]]])
            alarms += int(five[0] in (1, 2))
            total += 1
    return alarms, total


def loco(recipe, data, with_lines=True):
    """Both directions; returns {test corpus: result}. Training on RAVDESS uses its other lines
    for the line penalty (nEMO's other lines are not committed)."""
    out = {}
    for held in ["nemo", "ravdess"]:
        train = "ravdess" if held == "nemo" else "nemo"
        others = [t for k, t in data[train].items() if k != "pcmu"] if with_lines else []
        model = recipe.train(data[train]["pcmu"], others)
        r = evaluate(recipe, model, data[held]["pcmu"])
        r["temperature"] = (model.t_rel, model.t_pop)
        r["calm_calls"] = calm_calls_alarms(recipe, model, C.calm_calls())
        out[held] = r
    return out


def row(name, res):
    n, r = res["nemo"], res["ravdess"]

    def pct(x):
        return f"{100 * x:4.1f}"
    return (f"{name:<44} | {n['call']['arousal']:.3f} {r['call']['arousal']:.3f} | {n['call']['four']:.3f} {r['call']['four']:.3f} |"
            f" {pct(n['call']['calm_alarm'])} {pct(r['call']['calm_alarm'])} | {pct(n['call']['anger_cb'])} {pct(r['call']['anger_cb'])} |"
            f" {n['first']['arousal']:.3f} {r['first']['arousal']:.3f} | {pct(n['first']['calm_alarm'])} {pct(r['first']['calm_alarm'])} |"
            f" {res['nemo']['calm_calls'][0]}/{res['nemo']['calm_calls'][1]} {res['ravdess']['calm_calls'][0]}/{res['ravdess']['calm_calls'][1]}")


HEADER = (f"{'variant':<44} | arousal UAR | four-cl UAR | calm alarm% | anger→c/b % | 1st-turn ar | 1st calm al%| calm calls\n"
          f"{'(each pair: R→N  N→R)':<44} | calls       | calls       | calls       | calls       | UAR         |             | alarmed")
