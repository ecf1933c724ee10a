// C API over webrtc-audio-processing 0.3 (a C++ library), so Swift targets need no C++ interop.
// Threading: one ivr_apm_t per audio stream; calls on one instance must not overlap.
#ifndef IVR_APM_H
#define IVR_APM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ivr_apm ivr_apm_t;

typedef struct {
    int sample_rate_hz;          // 8000, 16000, 32000 or 48000
    bool high_pass;              // DC / low-frequency rumble removal
    bool noise_suppression;
    int noise_suppression_level; // 0 low, 1 moderate, 2 high, 3 very high
    bool gain_control;           // adaptive digital AGC
    int agc_target_level_dbfs;   // 0..31, positive number meaning -N dBFS
    int agc_compression_gain_db; // 0..90
    bool voice_detection;
    int vad_likelihood;          // 0 very low, 1 low, 2 moderate, 3 high
    bool echo_cancellation;      // AEC against the far end given to ivr_apm_process_reverse
    int echo_suppression_level;  // 0 low, 1 moderate, 2 high
    int echo_delay_ms;           // expected delay from far-end frame to its echo in the capture
    bool echo_delay_agnostic;    // let the AEC estimate the delay itself (echo_delay_ms is the start)
} ivr_apm_config_t;

// Returns NULL and writes a message into `error` (if not NULL) when the configuration is refused.
ivr_apm_t *ivr_apm_create(const ivr_apm_config_t *config, char *error, size_t error_capacity);
void ivr_apm_destroy(ivr_apm_t *apm);

// Number of samples in one 10 ms frame at the configured rate.
size_t ivr_apm_frame_samples(const ivr_apm_t *apm);

// Processes exactly one 10 ms frame of mono float samples in [-1, 1] in place.
// Returns 0 on success, the webrtc error code otherwise.
int ivr_apm_process(ivr_apm_t *apm, float *samples);

// The VAD decision for the last processed frame (false when VAD is disabled).
bool ivr_apm_has_voice(const ivr_apm_t *apm);

// Gives the echo canceller one 10 ms frame of the far end (what was played towards the caller),
// before the capture frame processed at the same time. Turns echo cancellation on at the first
// call when the configuration asks for it (so a stream that never has a far end is processed
// exactly as without it). Returns 0, or the webrtc error code; a no-op without echo_cancellation.
int ivr_apm_process_reverse(ivr_apm_t *apm, const float *samples);

// Whether the echo canceller judged the last processed frame to hold echo (false when off).
bool ivr_apm_has_echo(const ivr_apm_t *apm);

#ifdef __cplusplus
}
#endif

#endif
