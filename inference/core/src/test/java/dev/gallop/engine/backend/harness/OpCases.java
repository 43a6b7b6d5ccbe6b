package dev.gallop.engine.backend.harness;

import java.util.ArrayList;
import java.util.List;

/// Every case of the op harness, one list per operation family.
public final class OpCases {
    private OpCases() {}

    public static List<OpCase> all() {
        List<OpCase> all = new ArrayList<>();
        all.addAll(TransformerCases.cases());
        all.addAll(ElementwiseCases.cases());
        all.addAll(SamplerCases.cases());
        all.addAll(LatentCases.cases());
        all.addAll(VolumeCases.cases());
        all.addAll(SequenceCases.cases());
        return all;
    }
}
