package dev.gallop.engine.backend.cuda.fft;

import dev.gallop.engine.backend.cuda.ffm.StatusNames;
import java.util.Map;

/// `cufftResult` (cufft.h of cuFFT 11 and 12; codes 10, 12 and 15 were retired in 12 and keep their old names here).
public final class CufftStatus {
    private CufftStatus() {}

    public static final StatusNames NAMES = new StatusNames("cufftResult", """
            CUFFT_SUCCESS=0 CUFFT_INVALID_PLAN=1 CUFFT_ALLOC_FAILED=2 CUFFT_INVALID_TYPE=3 CUFFT_INVALID_VALUE=4
            CUFFT_INTERNAL_ERROR=5 CUFFT_EXEC_FAILED=6 CUFFT_SETUP_FAILED=7 CUFFT_INVALID_SIZE=8 CUFFT_UNALIGNED_DATA=9
            CUFFT_INVALID_DEVICE=11 CUFFT_NO_WORKSPACE=13 CUFFT_NOT_IMPLEMENTED=14 CUFFT_NOT_SUPPORTED=16
            CUFFT_MISSING_DEPENDENCY=17 CUFFT_NVRTC_FAILURE=18 CUFFT_NVJITLINK_FAILURE=19 CUFFT_NVSHMEM_FAILURE=20
            CUFFT_INCOMPLETE_PARAMETER_LIST=10 CUFFT_PARSE_ERROR=12 CUFFT_LICENSE_ERROR=15
            """, Map.of(
            2, "cuFFT could not allocate its work area (GPU out of memory?)",
            4, "a length, stride or batch is not valid for this plan",
            8, "cuFFT does not support this transform length"));

    public static String name(int code) { return NAMES.nameOrNumber(code); }

    public static void check(int code, String call) { NAMES.check(code, call); }
}
