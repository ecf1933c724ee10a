#include <opus.h>

// opus_*_ctl are variadic macros-driven functions Swift cannot call; these wrappers are the
// few controls the engine uses.
static inline int ivr_opus_encoder_set_bitrate(OpusEncoder *e, opus_int32 bps) {
    return opus_encoder_ctl(e, OPUS_SET_BITRATE(bps));
}
static inline int ivr_opus_encoder_set_complexity(OpusEncoder *e, opus_int32 c) {
    return opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(c));
}
static inline int ivr_opus_encoder_set_inband_fec(OpusEncoder *e, opus_int32 on) {
    return opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(on));
}
static inline int ivr_opus_encoder_set_packet_loss_perc(OpusEncoder *e, opus_int32 pct) {
    return opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(pct));
}
static inline int ivr_opus_decoder_reset(OpusDecoder *d) {
    return opus_decoder_ctl(d, OPUS_RESET_STATE);
}
