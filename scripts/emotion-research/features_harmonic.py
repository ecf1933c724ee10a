"""Step 3c (session 6): harmonic-amplitude and LPC-root formant measures (the FFT analogues of
eGeMAPS' H1-H2 and formant-amplitude-relative-to-F0 measures, which carry arousal the same way in
both corpora), cached as .cache/tf2-<corpus>.csv; columns join the 'tf:' features.

Voiced frames as in features_audio.tf_features (40 ms Hann, 512-point FFT, autocorrelation pitch,
periodicity > 0.45, level within 35 dB of the utterance's 95th percentile, runs >= 3 frames).
  H_k   = the highest bin (dB) within ±10 % of k·f0 (k = 1, 2)
  A_band= the highest bin (dB) in the band (300–1000, 1000–2000, 2000–3400 Hz)
  tf_H1H2 = mean(H1 − H2); tf_H1A1/A2/A3 = mean(H1 − A_band) over voiced frames
LPC formants by polynomial roots (Praat/Snack style): 25 ms Hamming, pre-emphasis 0.97,
order 10, roots with 90 Hz < f < 3500 Hz and bandwidth < 400 Hz, lowest three = F1…F3.

Run: ../../.venv/bin/python features_harmonic.py [ravdess|nemo|calm]
"""
import csv
import os
import sys

import numpy as np

import features_audio as A


def voiced_frames(x):
    Aw = A.frames(x, A.NA) * np.hanning(A.NA + 2)[1:-1]
    P = np.abs(np.fft.rfft(Aw, A.FA)) ** 2
    f = np.arange(A.FA // 2 + 1) * A.RATE / A.FA
    band = (f >= A.LO) & (f <= A.HI)
    level = 10 * np.log10(P[:, band].sum(1) * 2 / (A.FA * A.NA * 0.375) + 1e-12)
    active = level > max(-60, np.percentile(level, 95) - 35)
    B = A.frames(x, A.NB) * A.WIN_B
    f0, per = A.pitch(B)
    voiced = active & (per > 0.45)
    for s, e in A.runs(voiced):
        if e - s < 3:
            voiced[s:e] = False
    f0m = f0.copy()
    for s, e in A.runs(voiced):
        for j in range(s, e):
            f0m[j] = np.median(f0[max(s, j - 2):min(e, j + 3)])
    return B, f0m, voiced


def formants_roots(x, voiced):
    pre = np.append(x[0], x[1:] - 0.97 * x[:-1])
    F = A.frames(pre, A.NL) * np.hamming(A.NL)
    out = []
    for i in np.flatnonzero(voiced):
        fr = F[i]
        r = np.correlate(fr, fr, "full")[A.NL - 1:A.NL + 11]
        if r[0] <= 1e-10:
            continue
        z = np.roots(A.lpc(r))
        z = z[np.imag(z) > 0]
        fr_hz = np.angle(z) * A.RATE / (2 * np.pi)
        bw = -np.log(np.abs(z)) * A.RATE / np.pi
        ok = (fr_hz > 90) & (fr_hz < 3500) & (bw < 400)
        fs = np.sort(fr_hz[ok])
        if len(fs) >= 3:
            out.append(fs[:3])
    return np.array(out) if out else np.full((1, 3), np.nan)


def features(x):
    B, f0, voiced = voiced_frames(x)
    if voiced.sum() < 5:
        return None
    X = 20 * np.log10(np.abs(np.fft.rfft(B[voiced], A.FB)) + 1e-9)
    hz = np.arange(A.FB // 2 + 1) * A.RATE / A.FB
    f = f0[voiced]
    def harm(k):
        lo = np.floor(k * f * 0.9 / (A.RATE / A.FB)).astype(int)
        hi = np.ceil(k * f * 1.1 / (A.RATE / A.FB)).astype(int)
        return np.array([X[i, lo[i]:hi[i] + 1].max() for i in range(len(f))])
    H1, H2 = harm(1), harm(2)
    def band(a, b):
        m = (hz >= a) & (hz < b)
        return X[:, m].max(1)
    out = {"tf_H1H2": np.mean(H1 - H2),
           "tf_H1A1": np.mean(H1 - band(300, 1000)),
           "tf_H1A2": np.mean(H1 - band(1000, 2000)),
           "tf_H1A3": np.mean(H1 - band(2000, 3400))}
    Fm = formants_roots(x, voiced)
    with np.errstate(all="ignore"):
        out["tf_F1r"] = np.nanmean(Fm[:, 0]); out["tf_F2r"] = np.nanmean(Fm[:, 1]); out["tf_F3r"] = np.nanmean(Fm[:, 2])
    return out


def extract(corpus):
    out = os.path.join(A.CACHE, f"tf2-{corpus}.csv")
    header = None
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        for n, (key, path) in enumerate(A.items(corpus)):
            x, r = A.read_audio(path)
            f = features(A.pcmu_line(x, r))
            if f is None:
                continue
            if header is None:
                header = list(f)
                w.writerow(["file"] + header)
            w.writerow([key] + [f"{float(f[h]):.6g}" for h in header])
            if n % 500 == 0:
                print(corpus, n, flush=True)


if __name__ == "__main__":
    for c in (sys.argv[1:] or ["calm", "ravdess", "nemo"]):
        extract(c)
