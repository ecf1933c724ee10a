#include "ivr_apm.h"

#include <cstdio>
#include <memory>
#include <webrtc/modules/audio_processing/include/audio_processing.h>

using webrtc::AudioProcessing;

struct ivr_apm {
    std::unique_ptr<AudioProcessing> apm;
    webrtc::StreamConfig stream;
    bool vad_enabled;
    bool echo_wanted;      // configured on
    bool echo_active;      // switched on by the first far-end frame
    int echo_suppression_level;
    int echo_delay_ms;
};

static bool fail(char *error, size_t capacity, const char *what, int code) {
    if (error != nullptr && capacity > 0) {
        std::snprintf(error, capacity, "%s (webrtc error %d)", what, code);
    }
    return false;
}

static bool configure(AudioProcessing *apm, const ivr_apm_config_t *c, char *error, size_t cap) {
    int rc;
    if ((rc = apm->high_pass_filter()->Enable(c->high_pass)) != 0)
        return fail(error, cap, "high-pass filter", rc);
    if (c->noise_suppression) {
        if (c->noise_suppression_level < 0 || c->noise_suppression_level > 3)
            return fail(error, cap, "noise suppression level must be 0..3", -1);
        if ((rc = apm->noise_suppression()->set_level(
                 static_cast<webrtc::NoiseSuppression::Level>(c->noise_suppression_level))) != 0)
            return fail(error, cap, "noise suppression level", rc);
    }
    if ((rc = apm->noise_suppression()->Enable(c->noise_suppression)) != 0)
        return fail(error, cap, "noise suppression", rc);
    if (c->gain_control) {
        auto *agc = apm->gain_control();
        if ((rc = agc->set_mode(webrtc::GainControl::kAdaptiveDigital)) != 0)
            return fail(error, cap, "gain control mode", rc);
        if ((rc = agc->set_target_level_dbfs(c->agc_target_level_dbfs)) != 0)
            return fail(error, cap, "gain control target level must be 0..31", rc);
        if ((rc = agc->set_compression_gain_db(c->agc_compression_gain_db)) != 0)
            return fail(error, cap, "gain control compression gain must be 0..90", rc);
    }
    if ((rc = apm->gain_control()->Enable(c->gain_control)) != 0)
        return fail(error, cap, "gain control", rc);
    if (c->voice_detection) {
        if (c->vad_likelihood < 0 || c->vad_likelihood > 3)
            return fail(error, cap, "VAD likelihood must be 0..3", -1);
        if ((rc = apm->voice_detection()->set_likelihood(
                 static_cast<webrtc::VoiceDetection::Likelihood>(c->vad_likelihood))) != 0)
            return fail(error, cap, "VAD likelihood", rc);
        if ((rc = apm->voice_detection()->set_frame_size_ms(10)) != 0)
            return fail(error, cap, "VAD frame size", rc);
    }
    if ((rc = apm->voice_detection()->Enable(c->voice_detection)) != 0)
        return fail(error, cap, "voice detection", rc);
    if (c->echo_cancellation) {
        if (c->echo_suppression_level < 0 || c->echo_suppression_level > 2)
            return fail(error, cap, "echo suppression level must be 0..2", -1);
        if (c->echo_delay_ms < 0 || c->echo_delay_ms > 500)
            return fail(error, cap, "echo delay must be 0..500 ms", -1);
    }
    return true;
}

extern "C" ivr_apm_t *ivr_apm_create(const ivr_apm_config_t *c, char *error, size_t cap) {
    switch (c->sample_rate_hz) {
    case 8000: case 16000: case 32000: case 48000: break;
    default:
        fail(error, cap, "sample rate must be 8000, 16000, 32000 or 48000 Hz", -1);
        return nullptr;
    }
    webrtc::Config extra;
    extra.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true));
    extra.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(c->echo_delay_agnostic));
    std::unique_ptr<AudioProcessing> apm(AudioProcessing::Create(extra));
    if (!apm) {
        fail(error, cap, "AudioProcessing::Create failed", -1);
        return nullptr;
    }
    if (!configure(apm.get(), c, error, cap)) return nullptr;
    auto *out = new ivr_apm;
    out->apm = std::move(apm);
    out->stream = webrtc::StreamConfig(c->sample_rate_hz, 1, false);
    out->vad_enabled = c->voice_detection;
    out->echo_wanted = c->echo_cancellation;
    out->echo_active = false;
    out->echo_suppression_level = c->echo_suppression_level;
    out->echo_delay_ms = c->echo_delay_ms;
    return out;
}

extern "C" void ivr_apm_destroy(ivr_apm_t *apm) { delete apm; }

extern "C" size_t ivr_apm_frame_samples(const ivr_apm_t *apm) { return apm->stream.num_frames(); }

extern "C" int ivr_apm_process(ivr_apm_t *apm, float *samples) {
    float *channels[1] = {samples};
    if (apm->echo_active) {
        int rc = apm->apm->set_stream_delay_ms(apm->echo_delay_ms);
        if (rc != 0 && rc != AudioProcessing::kBadStreamParameterWarning) return rc;
    }
    return apm->apm->ProcessStream(channels, apm->stream, apm->stream, channels);
}

static int start_echo_cancellation(ivr_apm_t *apm) {
    auto *aec = apm->apm->echo_cancellation();
    int rc;
    if ((rc = aec->enable_drift_compensation(false)) != 0) return rc;
    if ((rc = aec->set_suppression_level(
             static_cast<webrtc::EchoCancellation::SuppressionLevel>(apm->echo_suppression_level))) != 0)
        return rc;
    if ((rc = aec->Enable(true)) != 0) return rc;
    apm->echo_active = true;
    return 0;
}

extern "C" int ivr_apm_process_reverse(ivr_apm_t *apm, const float *samples) {
    if (!apm->echo_wanted) return 0;
    if (!apm->echo_active) {
        int rc = start_echo_cancellation(apm);
        if (rc != 0) return rc;
    }
    const float *channels[1] = {samples};
    return apm->apm->AnalyzeReverseStream(channels, apm->stream.num_frames(), apm->stream.sample_rate_hz(),
                                          AudioProcessing::kMono);
}

extern "C" bool ivr_apm_has_echo(const ivr_apm_t *apm) {
    return apm->echo_active && apm->apm->echo_cancellation()->stream_has_echo();
}

extern "C" bool ivr_apm_has_voice(const ivr_apm_t *apm) {
    return apm->vad_enabled && apm->apm->voice_detection()->stream_has_voice();
}
