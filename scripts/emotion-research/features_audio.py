"""Step 3 (session 6): new features from the audio, on what a PCMU call delivers.

Every file (RAVDESS 16 kHz, nEMO 8 kHz µ-law, the calm calibration clips) goes through a numpy
copy of the engine's pcmu line (`ChannelCondition.apply`): resample to 8 kHz, 4th-order
Butterworth 300 Hz high-pass + 3400 Hz low-pass, clip to ±1, G.711 µ-law encode and decode.
Then two feature sets are extracted and cached as CSV under <worktree>/.cache/ (not committed):

  egemaps  eGeMAPS v02 functionals (88), PyPI `opensmile`, fed the 8 kHz line signal as is
  tf       "telephone features": small FFT-based measures defined in `tf_features` below, the
           candidates for a Swift port (10 ms hop, 20/25/40 ms frames at 8 kHz)

Run (one process, nice): ../../.venv/bin/python features_audio.py [egemaps|tf] [ravdess|nemo|calm]
"""
import csv
import os
import subprocess
import sys

import numpy as np
import soundfile as sf
from scipy.signal import butter, resample_poly, sosfilt

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
CACHE = os.path.join(ROOT, ".cache")
SHARED = os.path.abspath(os.path.join(ROOT, "../shared/corpora"))
if not os.path.isdir(SHARED):
    SHARED = "/work/shared/corpora"
FIXTURES = os.path.join(ROOT, "Tests/EmotionTests/Fixtures")
RATE = 8000


# --- the pcmu line --------------------------------------------------------------------------
def ulaw_roundtrip(x):
    """G.711 µ-law encode + decode (the classic 14-bit segment code, BIAS 0x84, clip 32635)."""
    s = np.clip(np.round(x * 32767), -32768, 32767).astype(np.int32)
    sign = (s < 0)
    mag = np.minimum(np.abs(s), 32635) + 0x84
    exp = np.floor(np.log2(np.maximum(mag, 1))).astype(np.int32) - 7
    exp = np.clip(exp, 0, 7)
    mant = (mag >> (exp + 3)) & 0x0F
    # decode
    m = ((mant << 3) + 0x84) << exp
    m = m - 0x84
    return np.where(sign, -m, m).astype(np.float64) / 32768.0


_SOS = np.concatenate([butter(4, 300, "highpass", fs=RATE, output="sos"),
                       butter(4, 3400, "lowpass", fs=RATE, output="sos")])


def pcmu_line(x, rate):
    x = np.asarray(x, float)
    if rate != RATE:
        g = np.gcd(rate, RATE)
        x = resample_poly(x, RATE // g, rate // g)
    x = sosfilt(_SOS, x)
    return ulaw_roundtrip(np.clip(x, -1, 1))


def read_audio(path):
    if path.endswith(".gsm"):
        raw = subprocess.run(["sox", path, "-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-"],
                             check=True, capture_output=True).stdout
        return np.frombuffer(raw, np.float32).astype(float), 8000
    x, r = sf.read(path, dtype="float64", always_2d=True)
    return x.mean(1), r


def items(corpus):
    """(key, path) per file: key is the committed tables' `file` column."""
    if corpus == "calm":
        with open(os.path.join(FIXTURES, "calm-calibration-features.csv")) as f:
            f.readline(); f.readline()
            return [(line.split(",")[0], line.split(",")[0]) for line in f if line.strip()]
    d = os.path.join(SHARED, corpus)
    with open(os.path.join(d, "labels.csv")) as f:
        return [(r["file"], os.path.join(d, r["file"])) for r in csv.DictReader(f)]


# --- telephone features (candidates for Swift) ---------------------------------------------
HOP = 80            # 10 ms
NA, FA = 160, 256   # spectral frame: 20 ms Hann, 256-point FFT (31.25 Hz bins)
NB, FB = 320, 512   # pitch / cepstrum frame: 40 ms Hann, 512-point FFT
NL = 200            # LPC frame: 25 ms Hamming
LO, HI = 300.0, 3400.0


def frames(x, n):
    """Frames of n samples ending at each 10 ms hop (zero history before the start)."""
    pad = np.concatenate([np.zeros(n), x])
    count = len(x) // HOP
    idx = np.arange(count)[:, None] * HOP + HOP + np.arange(n)[None, :]
    return pad[idx]


def mel(hz):
    return 2595 * np.log10(1 + hz / 700)


def mel_bank(nbands=20, nfft=FA):
    edges = 700 * (10 ** (np.linspace(mel(LO), mel(HI), nbands + 2) / 2595) - 1)
    f = np.arange(nfft // 2 + 1) * RATE / nfft
    W = np.zeros((nbands, len(f)))
    for b in range(nbands):
        l, c, h = edges[b:b + 3]
        W[b] = np.clip(np.minimum((f - l) / (c - l), (h - f) / (h - c)), 0, None)
    return W


MEL = mel_bank()
DCT = np.array([[np.sqrt(2 / 20) * np.cos(np.pi * c * (b + 0.5) / 20) for b in range(20)] for c in range(13)])
WIN_B = np.hanning(NB + 2)[1:-1]
_wa = np.fft.irfft(np.abs(np.fft.rfft(WIN_B, FB)) ** 2)
WIN_B_AC = _wa / _wa[0]


def pitch(FBs):
    """Normalised autocorrelation pitch (Boersma-style window correction) on 40 ms frames:
    lag 16…133 (500…60 Hz), parabolic peak; returns f0 (0 unvoiced candidate), peak r."""
    X = np.fft.rfft(FBs, FB)
    ac = np.fft.irfft(np.abs(X) ** 2)[:, :140]
    r0 = ac[:, :1]
    r = ac / np.where(r0 > 0, r0, 1) / WIN_B_AC[:140]
    lo, hi = 16, 134
    seg = r[:, lo:hi]
    k = seg.argmax(1) + lo
    y0, y1, y2 = r[np.arange(len(r)), k - 1], r[np.arange(len(r)), k], r[np.arange(len(r)), np.minimum(k + 1, 139)]
    den = y0 - 2 * y1 + y2
    with np.errstate(all="ignore"):
        d = np.where(np.abs(den) > 1e-9, 0.5 * (y0 - y2) / den, 0)
    d = np.clip(d, -0.5, 0.5)
    return RATE / (k + d), y1



def lpc(r, order=10):
    """LPC coefficients a[0..order] (a[0] = 1) from autocorrelation r[0..order] by Levinson-Durbin,
    with a 40 dB white-noise floor (r[0] x 1.0001)."""
    r = np.array(r[:order + 1], dtype=float)
    r[0] *= 1.0001
    a = np.zeros(order + 1); a[0] = 1; e = r[0]
    for m in range(1, order + 1):
        k = -(r[m] + a[1:m] @ r[m - 1:0:-1]) / e
        a[1:m + 1] = a[1:m + 1] + k * np.append(a[m - 1:0:-1], 1)
        e *= (1 - k * k)
    return a

def lpc_formants(x, voiced):
    """F1-F3 (Hz) and F1 bandwidth of voiced 25 ms frames: pre-emphasis 0.97, Hamming,
    autocorrelation, Levinson order 10, envelope 1/|A|² on a 512-point FFT, first three peaks
    above 200 Hz (bandwidth: width at -3 dB around the peak)."""
    F = frames(np.append(x[0], x[1:] - 0.97 * x[:-1]), NL) * np.hamming(NL)
    out = np.full((len(F), 4), np.nan)
    freqs = np.arange(257) * RATE / 512
    for i in np.flatnonzero(voiced):
        f = F[i]
        r = np.correlate(f, f, "full")[NL - 1:NL + 10]
        if r[0] <= 1e-10:
            continue
        a = lpc(r)
        env = -20 * np.log10(np.abs(np.fft.rfft(a, 512)) + 1e-12)
        pk = [j for j in range(1, 256) if env[j] > env[j - 1] and env[j] >= env[j + 1] and freqs[j] > 200 and freqs[j] < 3500]
        if len(pk) >= 3:
            out[i, :3] = freqs[pk[:3]]
            j = pk[0]
            lo = j
            while lo > 0 and env[lo] > env[j] - 3:
                lo -= 1
            hi = j
            while hi < 256 and env[hi] > env[j] - 3:
                hi += 1
            out[i, 3] = freqs[hi] - freqs[lo]
    return out


def slope(values, x):
    """Least-squares slope of values (rows) against x."""
    xc = x - x.mean()
    return (values - values.mean(1, keepdims=True)) @ xc / (xc @ xc)


def runs(mask):
    """(start, end) index pairs of True runs."""
    d = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(d == 1), np.flatnonzero(d == -1)))


def tf_features(x):
    feats = {}
    A = frames(x, NA) * np.hanning(NA + 2)[1:-1]
    P = np.abs(np.fft.rfft(A, FA)) ** 2
    f = np.arange(FA // 2 + 1) * RATE / FA
    band = (f >= LO) & (f <= HI)
    Pb = P[:, band] + 1e-12
    level = 10 * np.log10(Pb.sum(1) * 2 / (FA * NA * 0.375) + 1e-12)
    L95 = np.percentile(level, 95)
    active = level > max(-60, L95 - 35)
    if active.sum() < 10:
        return None
    a0, a1 = np.flatnonzero(active)[[0, -1]]
    B = frames(x, NB) * WIN_B
    f0, per = pitch(B)
    voiced = active & (per > 0.45)
    # smooth away isolated voiced frames and octave jumps: median of 5 within voiced runs
    for s, e in runs(voiced):
        if e - s < 3:
            voiced[s:e] = False
    st = np.where(voiced, 12 * np.log2(np.maximum(f0, 1) / 100.0), np.nan)
    for s, e in runs(voiced):
        seg = st[s:e].copy()
        for j in range(s, e):
            st[j] = np.median(seg[max(0, j - s - 2):j - s + 3])
    nv = voiced.sum()
    speech_sec = (a1 - a0 + 1) / 100
    feats["tf_voicedSec"] = nv / 100
    V = Pb[voiced] if nv else Pb[active]
    fb = f[band]
    dB = 10 * np.log10(V)
    # [S] spectral shape on voiced frames
    cent = (V * fb).sum(1) / V.sum(1)
    feats["tf_centroid"] = cent.mean()
    feats["tf_centroidSD"] = cent.std()
    feats["tf_flatness"] = np.mean(np.exp(np.log(V).mean(1)) / V.mean(1))
    feats["tf_slopeLow"] = slope(dB[:, fb < 1000], fb[fb < 1000] / 1000).mean()     # dB/kHz 300-1000
    feats["tf_slopeHigh"] = slope(dB[:, fb >= 1000], fb[fb >= 1000] / 1000).mean()  # dB/kHz 1000-3400
    feats["tf_slopeAll"] = slope(dB, fb / 1000).mean()
    e1 = V[:, fb < 1000].sum(1); e2 = V[:, (fb >= 1000) & (fb < 2000)].sum(1); e3 = V[:, fb >= 2000].sum(1)
    feats["tf_ratio1k2k"] = np.mean(10 * np.log10(e2 / e1))
    feats["tf_ratio2k"] = np.mean(10 * np.log10(e3 / e1))
    # [E] vocal effort on the loudest voiced frames (level >= the 80th percentile of voiced frames)
    lvv = level[voiced] if nv else level[active]
    loud = lvv >= np.percentile(lvv, 80)
    r12 = 10 * np.log10(e2 / e1); r2 = 10 * np.log10(e3 / e1)
    feats["tf_ratio1k2kLoud"] = r12[loud].mean()
    feats["tf_ratio2kLoud"] = r2[loud].mean()
    feats["tf_slopeAllLoud"] = slope(dB[loud], fb / 1000).mean()
    feats["tf_centroidLoud"] = cent[loud].mean()
    hi_lo = 10 * np.log10((e2 + e3) / e1)
    feats["tf_tiltLevelSlope"] = (slope(hi_lo[None], lvv)[0] if lvv.std() > 1e-6 else 0)  # dB tilt per dB level
    # [M] MFCC 1-8 (20 mel bands 300-3400, orthonormal DCT-II) on voiced frames; Δ spread on active
    lm = np.log(P @ MEL.T + 1e-10)
    C = lm @ DCT.T
    Cv = C[voiced] if nv else C[active]
    for c in range(1, 9):
        feats[f"tf_mfcc{c}"] = Cv[:, c].mean()
    dC = np.diff(C[a0:a1 + 1, 1:9], axis=0)
    feats["tf_mfccDelta"] = np.sqrt((dC ** 2).sum(1)).mean() if len(dC) else np.nan
    # [F] formants
    Fm = lpc_formants(x, voiced)
    with np.errstate(all="ignore"):
        feats["tf_F1"] = np.nanmean(Fm[:, 0]); feats["tf_F1SD"] = np.nanstd(Fm[:, 0])
        feats["tf_F2"] = np.nanmean(Fm[:, 1]); feats["tf_F3"] = np.nanmean(Fm[:, 2])
        feats["tf_B1"] = np.nanmedian(Fm[:, 3])
        fl = Fm[voiced][loud, 0] if nv else np.array([np.nan])
        feats["tf_F1Loud"] = np.nanmean(fl)
    # [Q] voice quality: CPP (40 ms, dB spectrum, cepstrum, 2-16.7 ms peak over regression line)
    Xb = np.abs(np.fft.rfft(B[voiced] if nv else B[active], FB)) ** 2
    ceps = np.fft.irfft(10 * np.log10(Xb + 1e-12))[:, :FB // 2]
    q = np.arange(16, 134)
    cq = ceps[:, 16:134]
    k = cq.argmax(1)
    coef = np.polyfit(q, cq.T, 1)
    feats["tf_cpp"] = np.mean(cq[np.arange(len(cq)), k] - (coef[0] * q[k] + coef[1]))
    lv = level[voiced]
    st_v = st[voiced]
    dl, dst = [], []
    for s, e in runs(voiced):
        dl += list(np.abs(np.diff(level[s:e]))); dst += list(np.minimum(np.abs(np.diff(st[s:e])), 2))
    feats["tf_shimmerFrame"] = np.mean(dl) if dl else np.nan      # dB per 10 ms, voiced runs
    feats["tf_jitterFrame"] = np.mean(dst) if dst else np.nan     # semitones per 10 ms
    feats["tf_periodicity"] = per[voiced].mean() if nv else np.nan
    # [L] loudness dynamics on the 10 ms level, speech region, 50 ms moving average
    env = np.convolve(level, np.ones(5) / 5, "same")[a0:a1 + 1]
    act = active[a0:a1 + 1]
    la = env[act]
    feats["tf_levelRange1090"] = np.percentile(la, 90) - np.percentile(la, 10)
    feats["tf_levelSD"] = la.std()
    feats["tf_levelCrest"] = np.percentile(la, 95) - la.mean()
    pk = [j for j in range(1, len(env) - 1) if env[j] > env[j - 1] and env[j] >= env[j + 1] and act[j]
          and env[j] - env[max(0, j - 10):j + 11].min() >= 3]
    feats["tf_peakRate"] = len(pk) / speech_sec
    d = np.diff(env) * 100  # dB/s
    feats["tf_riseSlope"] = d[d > 0].mean() if (d > 0).any() else 0
    feats["tf_fallSlope"] = -d[d < 0].mean() if (d < 0).any() else 0
    amp = 10 ** (level[a0:a1 + 1] / 20)
    if len(amp) >= 32:
        M = np.abs(np.fft.rfft((amp - amp.mean()) * np.hanning(len(amp)), 512)) ** 2
        fm = np.arange(257) * 100 / 512
        feats["tf_mod2to8"] = 10 * np.log10(M[(fm >= 2) & (fm <= 8)].sum() / (M[(fm > 0.5) & (fm <= 50)].sum() + 1e-20) + 1e-12)
        feats["tf_modDepth"] = amp.std() / amp.mean()
    else:
        feats["tf_mod2to8"] = feats["tf_modDepth"] = np.nan
    # [P] pitch dynamics (semitones re 100 Hz, voiced runs >= 3 frames)
    if nv >= 5:
        p20, p50, p80 = np.percentile(st_v, [20, 50, 80])
        feats["tf_f0p20"], feats["tf_f0p80"], feats["tf_f0range2080"] = p20, p80, p80 - p50 + p50 - p20
        rs, fs, segsd, segslope = [], [], [], []
        for s, e in runs(voiced):
            dd = np.diff(st[s:e])
            dd = dd[np.abs(dd) <= 2] * 100  # steps over 2 st per 10 ms are tracker jumps
            rs += list(dd[dd > 0]); fs += list(dd[dd < 0])
            segsd.append(st[s:e].std())
            if e - s >= 5:
                segslope.append(slope(st[s:e][None], np.arange(e - s) / 100)[0])
        feats["tf_f0Rise"] = np.mean(rs) if rs else 0
        feats["tf_f0Fall"] = -np.mean(fs) if fs else 0
        feats["tf_f0RiseShare"] = len(rs) / max(1, len(rs) + len(fs))
        feats["tf_f0WithinSD"] = np.mean(segsd)
        feats["tf_f0SegSlope"] = np.mean(segslope) if segslope else 0
        # F0 against level: correlation over voiced frames (effort couples pitch and loudness)
        feats["tf_f0LevelCorr"] = np.corrcoef(st_v, lv)[0, 1] if st_v.std() > 0 and lv.std() > 0 else 0
    else:
        for n in ["tf_f0p20", "tf_f0p80", "tf_f0range2080", "tf_f0Rise", "tf_f0Fall", "tf_f0RiseShare",
                  "tf_f0WithinSD", "tf_f0SegSlope", "tf_f0LevelCorr"]:
            feats[n] = np.nan
    return feats


def egemaps_extractor():
    import opensmile
    s = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02, feature_level=opensmile.FeatureLevel.Functionals)

    def run(x):
        df = s.process_signal(x.astype(np.float32), RATE)
        return dict(zip(df.columns, df.values[0]))
    return run


def extract(kind, corpus):
    os.makedirs(CACHE, exist_ok=True)
    out = os.path.join(CACHE, f"{kind}-{corpus}.csv")
    done = {}
    if os.path.exists(out):
        with open(out) as f:
            for r in csv.reader(f):
                done[r[0]] = r
    fn = egemaps_extractor() if kind == "egemaps" else tf_features
    header = done.pop("file")[1:] if "file" in done else None
    todo = [(k, p) for k, p in items(corpus) if k not in done]
    with open(out, "a", newline="") as f:
        w = csv.writer(f)
        for n, (key, path) in enumerate(todo):
            x, r = read_audio(path)
            feats = fn(pcmu_line(x, r))
            if feats is None:
                print("no speech:", key, flush=True)
                continue
            if header is None:
                header = list(feats)
                w.writerow(["file"] + header)
            w.writerow([key] + [f"{float(feats.get(h, np.nan)):.6g}" for h in header])
            if n % 200 == 0:
                print(kind, corpus, n, len(todo), flush=True)
                f.flush()


def load_cache(kind, corpus):
    """{file: {feature: value}} from the cache."""
    with open(os.path.join(CACHE, f"{kind}-{corpus}.csv")) as f:
        r = csv.reader(f)
        head = next(r)
        return head[1:], {row[0]: np.array([float(v) for v in row[1:]]) for row in r}


if __name__ == "__main__":
    kinds = [a for a in sys.argv[1:] if a in ("egemaps", "tf")] or ["egemaps", "tf"]
    corpora = [a for a in sys.argv[1:] if a in ("ravdess", "nemo", "calm")] or ["ravdess", "nemo", "calm"]
    for k in kinds:
        for c in corpora:
            extract(k, c)
