package dev.gallop.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.pipeline.discovery.ComponentReport;
import dev.gallop.engine.pipeline.discovery.ComponentStatus;
import dev.gallop.engine.pipeline.discovery.ModelScan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/// `gallop models [--root DIR] [--json]`: scans a models root (ComfyUI category layout) and prints each MagiHuman
/// component's status, path and what is missing or where it goes. Exits 0 when every component found is usable
/// (missing ones are only listed), 1 when one is incomplete (present but unusable: absent or truncated shards, a missing
/// companion file, the wrong model in the slot) or the root is bad, 2 for a usage error.
final class ModelsCommand {
    private ModelsCommand() {}

    static final String USAGE = "usage: gallop models [--root DIR] [--json]   (DIR defaults to $GALLOP_MODELS or ./models)";

    static int run(String[] args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, 1, Set.of("root"), Set.of("json", "help"));
        if (a.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        String dflt = System.getenv("GALLOP_MODELS");
        Path root = Path.of(a.get("root", dflt == null || dflt.isBlank() ? "models" : dflt));
        ModelScan.Result r;
        try {
            r = ModelScan.scan(root);
        } catch (java.io.IOException e) {
            throw new java.io.IOException("bad models root " + root + ": " + e.getMessage() + " (pass --root DIR)", e);
        }
        if (a.flag("json")) json(r, out); else table(r, out);
        return r.components().stream().anyMatch(c -> c.status() == ComponentStatus.INCOMPLETE) ? 1 : 0;
    }

    private static void table(ModelScan.Result r, PrintStream out) {
        out.println("models root: " + r.root());
        out.printf("%-14s %-11s %-44s %s%n", "COMPONENT", "STATUS", "PATH", "DETAILS");
        for (ComponentReport c : r.components()) {
            String path = c.path() == null ? "-" : r.root().relativize(c.path()).toString();
            String first = !c.problems().isEmpty() ? c.problems().getFirst() : String.join("; ", c.notes());
            out.printf("%-14s %-11s %-44s %s%n", c.id(), c.status(), path, first);
            for (int i = 1; i < c.problems().size(); i++) out.printf("%-14s %-11s %-44s %s%n", "", "", "", c.problems().get(i));
            if (!c.problems().isEmpty()) {
                for (String n : c.notes()) out.printf("%-14s %-11s %-44s %s%n", "", "", "", n);
                if (c.path() != null) out.printf("%-14s %-11s %-44s %s%n", "", "", "", "belongs at " + c.expectedPlace() + " (" + c.source() + ")");
            }
        }
        if (r.cacheNote() != null) out.println("note: " + r.cacheNote());
    }

    private static void json(ModelScan.Result r, PrintStream out) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode top = m.createObjectNode();
        top.put("root", r.root().toString());
        ArrayNode list = top.putArray("components");
        for (ComponentReport c : r.components()) {
            ObjectNode o = list.addObject();
            o.put("id", c.id()).put("title", c.title()).put("neededFor", c.neededFor()).put("status", c.status().name());
            o.put("path", c.path() == null ? null : c.path().toString()).put("expectedPlace", c.expectedPlace()).put("source", c.source());
            c.problems().forEach(o.putArray("problems")::add);
            c.notes().forEach(o.putArray("notes")::add);
            ArrayNode files = o.putArray("files");
            c.files().forEach(f -> files.add(f.toString()));
        }
        if (r.cacheNote() != null) top.put("note", r.cacheNote());
        out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(top));
    }
}
