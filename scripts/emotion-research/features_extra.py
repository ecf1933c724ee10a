"""Step 3e (session 6): checks on single findings of steps 3-3d (fixed sets, no selection).
- is the first-turn lift of eGeMAPS 'formant amplitudes' the voiced share of the file? (their
  frame value is -201 on unvoiced frames, so the file mean tracks voiced frames / all frames)
- does the FFT pitch percentile set reproduce eGeMAPS' F0 group?
Run: ../../.venv/bin/python features_extra.py
"""
import features_eval as F
import recipe as R


def main():
    base, new = F.load_all()
    engine = base["ravdess"].features
    k = ("nemo", "EB0_anger_1.wav")
    eg = [c for c in new[k] if c.startswith("eg:")]
    plan = [
        ("engine + voiced seconds (tf_voicedSec)", engine + ["tf:tf_voicedSec"]),
        ("engine + tf F0 p20, p80, fall slope", engine + ["tf:tf_f0p20", "tf:tf_f0p80", "tf:tf_f0Fall"]),
        ("engine + eg jitter, shimmer, HNR", engine + [c for c in eg if c.startswith(("eg:jitter", "eg:shimmer", "eg:HNR"))]),
        ("engine + eg_f0 + eg jitter/shimmer/HNR/H1-H2/H1-A3", engine + [c for c in eg if c.startswith(("eg:F0semi", "eg:jitter", "eg:shimmer", "eg:HNR", "eg:logRel"))]),
    ]
    print(R.HEADER, flush=True)
    for name, c in plan:
        res = F.loco(F.NewRecipe(name, c), base, new)
        print(R.row(name, res), flush=True)
        print(F.sex_row(name, res), flush=True)


if __name__ == "__main__" and "--share" not in __import__("sys").argv:
    main()


def voiced_share():
    """engine + voiced frames / all frames of the FILE (tf_voicedSec / file duration)."""
    import soundfile as sf
    import features_audio as A
    base, new = F.load_all()
    for (corpus, f), d in new.items():
        path = f if corpus == "calm" else A.os.path.join(A.SHARED, corpus, f)
        dur = float(A.subprocess.run(["soxi", "-D", path], capture_output=True, text=True).stdout) if path.endswith(".gsm") else sf.info(path).duration
        d["tf:voicedShareOfFile"] = d.get("tf:tf_voicedSec", float("nan")) / dur
    engine = base["ravdess"].features
    print(R.HEADER, flush=True)
    for name, c in [("engine + voiced share of the file", engine + ["tf:voicedShareOfFile"])]:
        res = F.loco(F.NewRecipe(name, c), base, new)
        print(R.row(name, res), flush=True)
        print(F.sex_row(name, res), flush=True)


if __name__ == "__main__" and "--share" in __import__("sys").argv:
    voiced_share()
