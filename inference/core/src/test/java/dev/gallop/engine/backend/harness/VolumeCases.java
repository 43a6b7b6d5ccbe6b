package dev.gallop.engine.backend.harness;

import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the volume operations.
final class VolumeCases {
    private VolumeCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        return c;
    }
}
