# Praat reference F0 track for one sound file (see audio-fixtures/pitch-reference/README.md).
# Usage: praat --run praat-pitch-reference.praat IN.wav OUT.txt
form Pitch reference
  sentence input
  sentence output
endform
sound = Read from file: input$
fs = Get sampling frequency
n = Get number of samples
# Pad with zeros to a whole number of 10 ms hops plus one sample. Praat centres its frames in
# the sound, so this puts frame 1 at 0.025 s (+ half a sample): the engine's frame 2 centre.
hop = round(fs / 100)
padded = Extract part: 0, (ceiling(n / hop) * hop + 1) / fs, "rectangular", 1, "no"
# To Pitch (ac): time step, floor, max candidates, very accurate, silence threshold,
#   voicing threshold, octave cost, octave-jump cost, voiced/unvoiced cost, ceiling
pitch = To Pitch (ac): 0.01, 60, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 500
frames = Get number of frames
deleteFile: output$
appendFileLine: output$, "# time_s f0_hz (0 = unvoiced); Praat ", praatVersion$, " To Pitch (ac) 0.01 60 15 no 0.03 0.45 0.01 0.35 0.14 500"
for i to frames
  t = Get time from frame number: i
  f = Get value in frame: i, "Hertz"
  if f = undefined
    f = 0
  endif
  appendFileLine: output$, fixed$(t, 5), " ", fixed$(f, 2)
endfor
