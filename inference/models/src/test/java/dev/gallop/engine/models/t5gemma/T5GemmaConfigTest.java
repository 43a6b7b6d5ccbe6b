package dev.gallop.engine.models.t5gemma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Config parsing: flat and nested (`encoder`) layouts, defaults of the T5Gemma code, errors naming the key.
class T5GemmaConfigTest {
    static final String FLAT = """
            {"hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2,
             "head_dim": 32, "intermediate_size": 128, "vocab_size": 300,
             "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"],
             "sliding_window": 4, "attn_logit_softcapping": 50.0, "query_pre_attn_scalar": 32,
             "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "hidden_activation": "gelu_pytorch_tanh"}""";

    static T5GemmaConfig parse(String json) throws Exception { return T5GemmaConfig.fromJson(new ObjectMapper().readTree(json)); }

    @Test void flatConfig() throws Exception {
        T5GemmaConfig c = parse(FLAT);
        assertEquals(64, c.hidden());
        assertEquals(List.of(true, false, true, false), c.sliding());
        assertEquals(4, c.slidingWindow());
        assertEquals(50f, c.softCap());
        assertEquals(128, c.queryWidth());
        assertEquals(64, c.kvWidth());
        assertEquals(0.17677669f, c.attentionScale(), 1e-8);
    }

    @Test void nestedEncoderConfigWithDefaults() throws Exception {
        String json = """
                {"model_type": "t5gemma", "vocab_size": 256000,
                 "encoder": {"hidden_size": 3584, "num_hidden_layers": 42, "num_attention_heads": 16,
                             "num_key_value_heads": 8, "intermediate_size": 14336},
                 "decoder": {"hidden_size": 3584}}""";
        assertEquals(T5GemmaConfig.t5gemma9b(), parse(json));
    }

    @Test void nullSoftCapMeansNone() throws Exception {
        assertEquals(0f, parse(FLAT.replace("\"attn_logit_softcapping\": 50.0", "\"attn_logit_softcapping\": null")).softCap());
    }

    @Test void missingKeyIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> parse(FLAT.replace("\"intermediate_size\": 128,", "")));
        assertTrue(e.getMessage().contains("'intermediate_size'"), e.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> parse("{\"encoder\": {\"hidden_size\": 8}}"));
        assertTrue(n.getMessage().contains("'encoder.num_hidden_layers'"), n.getMessage());
    }

    @Test void wrongTypesAndValuesAreNamed() {
        for (String[] bad : new String[][] {
                {"\"hidden_size\": 64", "\"hidden_size\": \"64\"", "'hidden_size'"},
                {"\"rope_theta\": 10000.0", "\"rope_theta\": \"x\"", "'rope_theta'"},
                {"\"attn_logit_softcapping\": 50.0", "\"attn_logit_softcapping\": -1", "'attn_logit_softcapping'"},
                {"\"hidden_activation\": \"gelu_pytorch_tanh\"", "\"hidden_activation\": \"gelu\"", "'hidden_activation'"},
                {"\"full_attention\"]", "\"global\"]", "'layer_types'"},
                {"\"sliding_attention\", \"full_attention\", \"sliding_attention\", \"full_attention\"", "\"full_attention\"", "'layer_types'"},
                {"\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3", "num_key_value_heads"}}) {
            var e = assertThrows(IllegalArgumentException.class, () -> parse(FLAT.replace(bad[0], bad[1])), bad[1]);
            assertTrue(e.getMessage().contains(bad[2]), bad[1] + " → " + e.getMessage());
        }
    }

    @Test void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), FLAT.replace("\"vocab_size\": 300,", ""));
        var e = assertThrows(IllegalArgumentException.class, () -> T5GemmaConfig.fromJson(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'vocab_size'"), e.getMessage());
        Path g = Files.writeString(dir.resolve("broken.json"), "{\"hidden_size\": ");
        var io = assertThrows(java.io.IOException.class, () -> T5GemmaConfig.fromJson(g));
        assertTrue(io.getMessage().contains(g.toString()), io.getMessage());
    }

    @Test void missingLayerTypesAlternateStartingWithSliding() throws Exception {
        T5GemmaConfig c = parse(FLAT.replace("\"layer_types\": [\"sliding_attention\", \"full_attention\", \"sliding_attention\", \"full_attention\"],", ""));
        assertEquals(List.of(true, false, true, false), c.sliding());
    }

    @Test void ropeInverseFrequenciesAreTheF32Ones() {
        float[] inv = RotaryTables.inverseFrequencies(32, 10000.0);
        assertEquals(16, inv.length);
        assertEquals(1.0f, inv[0]);
        assertEquals(0.5623413324356079f, inv[1]);
        assertEquals(0.10000000149011612f, inv[4]);
        assertEquals(0.00017782794020604342f, inv[15]);
    }
}
