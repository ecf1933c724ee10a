internal import CSndFile

/// Short names for libsndfile's format codes, as `sndfile-info` / python-soundfile spell them.
enum SndFileFormatNames {
    static func format(_ code: Int32) -> String {
        let major = Int(code) & SF_FORMAT_TYPEMASK
        return majors[major] ?? "0x" + String(major, radix: 16, uppercase: true)
    }

    static func subtype(_ code: Int32) -> String {
        let sub = Int(code) & SF_FORMAT_SUBMASK
        return subtypes[sub] ?? "0x" + String(sub, radix: 16, uppercase: true)
    }

    private static let majors: [Int: String] = [
        SF_FORMAT_WAV: "WAV", SF_FORMAT_AIFF: "AIFF", SF_FORMAT_AU: "AU", SF_FORMAT_RAW: "RAW",
        SF_FORMAT_PAF: "PAF", SF_FORMAT_SVX: "SVX", SF_FORMAT_NIST: "NIST", SF_FORMAT_VOC: "VOC",
        SF_FORMAT_IRCAM: "IRCAM", SF_FORMAT_W64: "W64", SF_FORMAT_MAT4: "MAT4", SF_FORMAT_MAT5: "MAT5",
        SF_FORMAT_PVF: "PVF", SF_FORMAT_XI: "XI", SF_FORMAT_HTK: "HTK", SF_FORMAT_SDS: "SDS",
        SF_FORMAT_AVR: "AVR", SF_FORMAT_WAVEX: "WAVEX", SF_FORMAT_SD2: "SD2", SF_FORMAT_FLAC: "FLAC",
        SF_FORMAT_CAF: "CAF", SF_FORMAT_WVE: "WVE", SF_FORMAT_OGG: "OGG", SF_FORMAT_MPC2K: "MPC2K",
        SF_FORMAT_RF64: "RF64", SF_FORMAT_MPEG: "MPEG",
    ]

    private static let subtypes: [Int: String] = [
        SF_FORMAT_PCM_S8: "PCM_S8", SF_FORMAT_PCM_16: "PCM_16", SF_FORMAT_PCM_24: "PCM_24",
        SF_FORMAT_PCM_32: "PCM_32", SF_FORMAT_PCM_U8: "PCM_U8", SF_FORMAT_FLOAT: "FLOAT",
        SF_FORMAT_DOUBLE: "DOUBLE", SF_FORMAT_ULAW: "ULAW", SF_FORMAT_ALAW: "ALAW",
        SF_FORMAT_IMA_ADPCM: "IMA_ADPCM", SF_FORMAT_MS_ADPCM: "MS_ADPCM", SF_FORMAT_GSM610: "GSM610",
        SF_FORMAT_VOX_ADPCM: "VOX_ADPCM", SF_FORMAT_NMS_ADPCM_16: "NMS_ADPCM_16",
        SF_FORMAT_NMS_ADPCM_24: "NMS_ADPCM_24", SF_FORMAT_NMS_ADPCM_32: "NMS_ADPCM_32",
        SF_FORMAT_G721_32: "G721_32", SF_FORMAT_G723_24: "G723_24", SF_FORMAT_G723_40: "G723_40",
        SF_FORMAT_DWVW_12: "DWVW_12", SF_FORMAT_DWVW_16: "DWVW_16", SF_FORMAT_DWVW_24: "DWVW_24",
        SF_FORMAT_DWVW_N: "DWVW_N", SF_FORMAT_DPCM_8: "DPCM_8", SF_FORMAT_DPCM_16: "DPCM_16",
        SF_FORMAT_VORBIS: "VORBIS", SF_FORMAT_OPUS: "OPUS", SF_FORMAT_ALAC_16: "ALAC_16",
        SF_FORMAT_ALAC_20: "ALAC_20", SF_FORMAT_ALAC_24: "ALAC_24", SF_FORMAT_ALAC_32: "ALAC_32",
        SF_FORMAT_MPEG_LAYER_I: "MPEG_LAYER_I", SF_FORMAT_MPEG_LAYER_II: "MPEG_LAYER_II",
        SF_FORMAT_MPEG_LAYER_III: "MPEG_LAYER_III",
    ]
}
