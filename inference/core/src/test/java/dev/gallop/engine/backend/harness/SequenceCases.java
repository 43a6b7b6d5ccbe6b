package dev.gallop.engine.backend.harness;

import java.util.ArrayList;
import java.util.List;

/// Op harness cases of the sequence operations.
final class SequenceCases {
    private SequenceCases() {}

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        return c;
    }
}
