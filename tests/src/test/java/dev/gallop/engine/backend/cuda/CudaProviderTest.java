package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.BackendProvider;
import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.cli.GallopCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/// The CUDA provider is found by ServiceLoader and never breaks the CPU fallback: on a machine without a usable GPU
/// it lists no device and says why (and `gallop devices` prints that); with one, "auto" picks it.
class CudaProviderTest {
    private static BackendProvider cuda() {
        return Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                .orElseThrow(() -> new AssertionError("no cuda provider registered in META-INF/services"));
    }

    @Test void registeredAboveTheCpu() {
        List<BackendProvider> providers = Backends.providers();
        assertEquals("cuda", providers.get(0).name());
        assertEquals(100, cuda().priority());
        assertTrue(providers.stream().anyMatch(p -> p.name().equals("cpu")));
    }

    @Test void withoutADeviceItSaysWhyAndTheCpuRuns() {
        BackendProvider cuda = cuda();
        List<Device> devices = cuda.devices();
        Device auto = Backends.device("auto");
        if (devices.isEmpty()) {
            String reason = cuda.unavailableReason().orElseThrow(() -> new AssertionError("no devices and no reason"));
            assertFalse(reason.isBlank());
            assertEquals("cpu", auto.id());
        } else {
            assertEquals(devices.get(0).id(), auto.id());
            assertTrue(auto.id().startsWith("cuda:"));
        }
    }

    @Test void devicesCommandPrintsTheReason() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = GallopCli.run(new String[] {"devices"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, rc);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("cpu\tCPU"), text);
        if (cuda().devices().isEmpty()) {
            assertTrue(text.contains("cuda\tunavailable: " + cuda().unavailableReason().orElseThrow()), text);
        } else {
            assertTrue(text.contains("cuda:0\t"), text);
        }
    }

    @Test void turningTheBackendOffIsAReason() {
        String old = System.getProperty("gallop.cuda");
        try {
            System.setProperty("gallop.cuda", "off");
            CudaProbe.Result r = CudaProbe.run();
            assertTrue(r.devices().isEmpty());
            assertEquals("the CUDA backend is turned off (-Dgallop.cuda=off)", r.reason());
        } finally {
            if (old == null) System.clearProperty("gallop.cuda"); else System.setProperty("gallop.cuda", old);
        }
    }
}
