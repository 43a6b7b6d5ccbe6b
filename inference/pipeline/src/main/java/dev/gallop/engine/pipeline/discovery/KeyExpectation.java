package dev.gallop.engine.pipeline.discovery;

import dev.gallop.engine.tensor.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

/// A tensor a component's checkpoint must hold, used to tell the right model from a wrong file in its slot:
/// an exact key (or a regex over keys) and expected dims, -1 meaning "any" (widths that a smaller variant changes).
public record KeyExpectation(String key, boolean regex, int[] dims) {
    public static KeyExpectation exact(String key, int... dims) { return new KeyExpectation(key, false, dims); }

    public static KeyExpectation matching(String regex, int... dims) { return new KeyExpectation(regex, true, dims); }

    /// Null when `shapes` satisfies this expectation, else the problem in words.
    public String check(Map<String, Shape> shapes) {
        if (!regex) {
            Shape s = shapes.get(key);
            if (s == null) return "no tensor '" + key + "'";
            return fits(s) ? null : "tensor '" + key + "' has shape " + s + ", expected " + expected();
        }
        Pattern p = Pattern.compile(key);
        String near = null;
        for (var e : shapes.entrySet()) {
            if (!p.matcher(e.getKey()).matches()) continue;
            if (fits(e.getValue())) return null;
            near = e.getKey() + " " + e.getValue();
        }
        return near == null ? "no tensor matching /" + key + "/" : "no tensor matching /" + key + "/ with shape "
                + expected() + " (found " + near + ")";
    }

    private boolean fits(Shape s) {
        if (dims.length == 0) return true;
        if (s.rank() != dims.length) return false;
        for (int i = 0; i < dims.length; i++) if (dims[i] >= 0 && s.dim(i) != dims[i]) return false;
        return true;
    }

    private String expected() {
        return Arrays.toString(Arrays.stream(dims).mapToObj(d -> d < 0 ? "*" : Integer.toString(d)).toArray());
    }
}
