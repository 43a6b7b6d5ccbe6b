package dev.gallop.engine.backend.cuda.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.cuda.fft.Cufft;
import dev.gallop.engine.backend.cuda.fft.CufftStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The cuFFT binding's constants against cufft.h, compiled with gcc (cufft.h comes with cuFFT's development files or
/// the nvidia-cufft pip package; give its folder with -Dgallop.cuda.include=DIR). Without it the test is skipped,
/// naming the header.
class CufftHeaderTest {
    /// The status codes cuFFT 11 and 12 both define (12 retired 10, 12 and 15; 11 lacks 17 and above).
    static final List<String> COMMON = List.of("CUFFT_SUCCESS", "CUFFT_INVALID_PLAN", "CUFFT_ALLOC_FAILED", "CUFFT_INVALID_TYPE",
            "CUFFT_INVALID_VALUE", "CUFFT_INTERNAL_ERROR", "CUFFT_EXEC_FAILED", "CUFFT_SETUP_FAILED", "CUFFT_INVALID_SIZE",
            "CUFFT_UNALIGNED_DATA", "CUFFT_INVALID_DEVICE", "CUFFT_NO_WORKSPACE", "CUFFT_NOT_IMPLEMENTED", "CUFFT_NOT_SUPPORTED");

    @Test void typesAndStatusCodesMatchCufftH(@TempDir Path dir) throws Exception {
        assumeTrue(CHeaders.gccPresent(), "gcc is not installed");
        assumeTrue(CHeaders.find("cufft.h").isPresent(), "cufft.h not found in " + CHeaders.includeDirs()
                + " (install cuFFT's development files or pass -Dgallop.cuda.include=DIR)");
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, String> expr = new LinkedHashMap<>();
        expected.put("CUFFT_R2C", (long) Cufft.R2C);
        expected.put("CUFFT_C2R", (long) Cufft.C2R);
        expected.put("sizeof(cufftHandle)", 4L);
        for (String name : COMMON) expected.put(name, (long) CufftStatus.NAMES.entries().get(name));
        for (String k : expected.keySet()) expr.put(k, k);
        Map<String, Long> actual = CHeaders.evaluate(List.of("cufft.h"), expr, dir);
        List<String> wrong = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) wrong.add(k + ": Java " + v + ", header " + actual.get(k));
        });
        assertEquals(List.of(), wrong, "constants that differ from cufft.h");
    }
}
