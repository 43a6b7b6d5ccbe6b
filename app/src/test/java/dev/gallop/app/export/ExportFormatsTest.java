package dev.gallop.app.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.app.media.FrameReader;
import dev.gallop.app.testing.SampleProject;
import dev.gallop.app.testing.TestMedia;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Marker;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.UndoStack;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.runtime.CancelToken;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/// The export's settings and formats on the sample project: ranges, sizes with proper scaling, quality, ProRes,
/// OTIO with relative paths and as a bundle, FCPXML and Premiere's XML, each clip with its generation record.
class ExportFormatsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path project;

    /// The sample with a marker at frame 30.
    Timeline sample() throws Exception {
        UndoStack s = new UndoStack(SampleProject.build(project));
        s.apply(new Edits.SetMarker(new Marker(30, "Beat"), true));
        return s.timeline();
    }

    @Test void aRangeIsAnEditOfItsOwnAndTheMarksSayWhichFrames() throws Exception {
        Timeline t = sample();
        assertArrayEquals(new int[] {10, 31}, EditRange.marks(10, 30, 45), "out is the last frame included");
        assertArrayEquals(new int[] {0, 21}, EditRange.marks(-1, 20, 45));
        assertArrayEquals(new int[] {40, 45}, EditRange.marks(40, -1, 45));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EditRange.marks(-1, -1, 45)).getMessage().contains("press I and O"));
        Timeline r = EditRange.of(t, 10, 31);
        assertEquals(21, r.duration());
        assertEquals(0, r.clip("a").start());
        assertEquals(20, r.clip("a").in(), "a cut at its 10th frame");
        assertEquals(15, r.clip("b").start());
        assertEquals(6, r.clip("b").duration(), "b cut at the out mark");
        assertEquals(20, r.markers().getFirst().frame(), "the marker moved with the range");
    }

    @Test void videoAt720pFitsTheShotsAndQualityAndProResAreReal() throws Exception {
        Timeline t = EditRange.of(sample(), 0, 25);
        assertEquals(20, t.duration(), "the range ends in the gap: its last clip ends at 20");
        assertArrayEquals(new int[] {1280, 720}, ExportSettings.Size.P720.pixels(64, 32));
        assertArrayEquals(new int[] {1080, 1920}, ExportSettings.Size.P1080.pixels(32, 64), "a portrait edit stays portrait");
        Path draft = project.resolve("renders/draft.mp4"), high = project.resolve("renders/high.mp4");
        Mp4Export.export(project, t, draft, new ExportSettings(ExportSettings.Format.MP4, ExportSettings.Size.P720, ExportSettings.Range.WHOLE,
                ExportSettings.Quality.DRAFT), 25, p -> { }, CancelToken.NEVER);
        Mp4Export.Result r = Mp4Export.export(project, t, high, new ExportSettings(ExportSettings.Format.MP4, ExportSettings.Size.P720,
                ExportSettings.Range.WHOLE, ExportSettings.Quality.HIGH), 25, p -> { }, CancelToken.NEVER);
        MediaInfo info = MediaInfo.read(high);
        assertEquals(1280, info.width());
        assertEquals(720, info.height());
        assertEquals(25, info.videoFrames(), "the whole range, its black tail included");
        try (FrameReader f = new FrameReader(high)) {
            byte[] px = f.frame(5);
            // 64×32 (2:1) in 16:9: 1280×640 picture with bars of 40 rows; the grey survives enlarging
            assertEquals(TestMedia.grey(15), px[(360 * 1280 + 640) * 3] & 0xff, 4, "the picture, enlarged");
            assertEquals(0, px[(10 * 1280 + 640) * 3] & 0xff, 4, "a letterbox bar");
        }
        assertTrue(Files.size(draft) <= Files.size(high), "draft " + Files.size(draft) + " bytes vs high " + Files.size(high));
        assertEquals("high", JSON.readTree(r.sidecar().toFile()).path("quality").asText());

        Path mov = project.resolve("renders/cut.mov");
        Mp4Export.export(project, t, mov, new ExportSettings(ExportSettings.Format.PRORES, ExportSettings.Size.MODEL, ExportSettings.Range.WHOLE,
                ExportSettings.Quality.HIGH), 25, p -> { }, CancelToken.NEVER);
        MediaInfo m = MediaInfo.read(mov);
        assertEquals("prores", m.videoCodec());
        assertTrue(m.audioCodec().startsWith("pcm"), m.audioCodec());
        assertEquals(25, m.videoFrames());
        assertTrue(m.metadata().getOrDefault("comment", "").contains("\"seed\":11"), "the generation records ride along");
    }

    @Test void otioPathsAreRelativeToTheFileAndTheBundleHoldsTheMedia() throws Exception {
        Timeline t = sample();
        Path out = project.resolve("renders/cut.otio");
        OtioWriter.write(out, project, t, "My cut");
        JsonNode root = JSON.readTree(out.toFile());
        JsonNode clip = root.path("tracks").path("children").get(0).path("children").get(0);
        String url = clip.path("media_references").path("DEFAULT_MEDIA").path("target_url").asText();
        assertEquals("../media/a.mp4", url, "relative to the .otio file");
        assertTrue(Files.isRegularFile(out.getParent().resolve(url).normalize()));
        JsonNode marker = root.path("tracks").path("markers").get(0);
        assertEquals("Marker.2", marker.path("OTIO_SCHEMA").asText());
        assertEquals("Beat", marker.path("name").asText());
        assertEquals(30, marker.path("marked_range").path("start_time").path("value").asInt());
        assertEquals("a", clip.path("metadata").path("gallop").path("link").asText());

        Path bundle = project.resolve("renders/cut.otioz");
        OtioWriter.writeBundle(bundle, project, t, "My cut", CancelToken.NEVER);
        try (ZipFile z = new ZipFile(bundle.toFile())) {
            assertEquals(OtioWriter.BUNDLE_VERSION, new String(z.getInputStream(z.getEntry("version.txt")).readAllBytes()));
            JsonNode content = JSON.readTree(z.getInputStream(z.getEntry("content.otio")));
            String inside = content.path("tracks").path("children").get(0).path("children").get(0).path("media_references").path("DEFAULT_MEDIA")
                    .path("target_url").asText();
            assertEquals("media/a.mp4", inside);
            ZipEntry media = z.getEntry("media/a.mp4");
            assertEquals(ZipEntry.STORED, media.getMethod(), "media are stored, not recompressed");
            assertArrayEquals(Files.readAllBytes(project.resolve("media/a.mp4")), z.getInputStream(media).readAllBytes());
            assertTrue(z.getEntry("media/b2.mp4") != null, "b's shown take");
        }
    }

    @Test void fcpxmlHasAStorylineConnectedTracksNotesAndRecords() throws Exception {
        Timeline t = sample();
        Path out = project.resolve("renders/cut.fcpxml");
        FcpxmlWriter.write(out, project, t, "My cut");
        Document d = parse(out);
        assertEquals("1.10", d.getDocumentElement().getAttribute("version"));
        Map<String, String> assets = new HashMap<>();
        NodeList as = d.getElementsByTagName("asset");
        for (int i = 0; i < as.getLength(); i++) {
            Element a = (Element) as.item(i);
            String src = ((Element) a.getElementsByTagName("media-rep").item(0)).getAttribute("src");
            assertTrue(Files.isRegularFile(Path.of(URI.create(src))), src);
            assets.put(a.getAttribute("id"), src);
        }
        assertEquals(2, assets.size(), "one asset per file the edit shows: a.mp4 (a, its sound, the other sound) and b2.mp4 (b's shown take)");
        Element spine = (Element) d.getElementsByTagName("spine").item(0);
        NodeList kids = spine.getChildNodes();
        java.util.List<Element> items = new java.util.ArrayList<>();
        for (int i = 0; i < kids.getLength(); i++) if (kids.item(i) instanceof Element e) items.add(e);
        assertEquals(java.util.List.of("asset-clip", "gap", "asset-clip"), items.stream().map(Element::getTagName).toList(), "V1: a, gap, b");
        Element a = items.getFirst();
        assertEquals("a", a.getAttribute("name"));
        assertEquals("0s", a.getAttribute("offset"));
        assertEquals("10/25s", a.getAttribute("start"));
        assertEquals("20/25s", a.getAttribute("duration"));
        assertEquals("video", a.getAttribute("srcEnable"), "pictures only: the sound is on the audio lanes");
        assertTrue(a.getElementsByTagName("note").item(0).getTextContent().startsWith("a red circle (seed 11)"));
        Element sound = child(a, "asset-clip");
        assertEquals("-1", sound.getAttribute("lane"));
        assertEquals("audio", sound.getAttribute("srcEnable"));
        assertEquals("10/25s", sound.getAttribute("offset"), "a's sound at a's start, in a's own time (its start is 10)");
        Element md = (Element) a.getElementsByTagName("md").item(0);
        assertEquals(11, JSON.readTree(md.getAttribute("value")).path("seed").asInt());
        Element b = items.get(2);
        Element marker = child(b, "marker");
        assertEquals("Beat", marker.getAttribute("value"));
        assertEquals("5/25s", marker.getAttribute("start"), "frame 30 is b's frame 5 (b starts at 25, in 0)");
    }

    @Test void premiereXmlHasTracksClipItemsLinksAndComments() throws Exception {
        Timeline t = sample();
        Path out = project.resolve("renders/cut.xml");
        Fcp7XmlWriter.write(out, project, t, "My cut");
        Document d = parse(out);
        assertEquals("xmeml", d.getDocumentElement().getTagName());
        Element video = (Element) d.getElementsByTagName("video").item(0);
        assertEquals(2, ((Element) video.getElementsByTagName("track").item(0)).getElementsByTagName("clipitem").getLength(), "a and b on V1");
        Element media = child(child(d.getDocumentElement(), "sequence"), "media");
        Element audio = child(media, "audio");
        assertEquals(2, children(audio, "track"), "A1, A2");
        Element first = (Element) d.getElementsByTagName("clipitem").item(0);
        assertEquals("a", text(first, "name"));
        assertEquals("0", text(first, "start"));
        assertEquals("20", text(first, "end"));
        assertEquals("10", text(first, "in"));
        assertEquals("30", text(first, "out"));
        String path = text(first, "pathurl");
        assertTrue(Files.isRegularFile(Path.of(URI.create(path))), path);
        assertTrue(text(first, "mastercomment1").startsWith("a red circle (seed 11)"));
        assertEquals(11, JSON.readTree(text(first, "clipcommenta")).path("seed").asInt());
        assertEquals(2, first.getElementsByTagName("link").getLength(), "linked to itself and to its sound");
        assertEquals("Beat", text((Element) d.getElementsByTagName("marker").item(0), "name"));
    }

    static Document parse(Path f) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(f)));
    }

    static Element child(Element e, String tag) {
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c && c.getTagName().equals(tag)) return c;
        throw new AssertionError("no " + tag + " in " + e.getTagName());
    }

    static int children(Element e, String tag) {
        int n = 0;
        for (var c = e.getFirstChild(); c != null; c = c.getNextSibling()) if (c instanceof Element x && x.getTagName().equals(tag)) n++;
        return n;
    }

    static String text(Element e, String tag) { return e.getElementsByTagName(tag).item(0).getTextContent(); }
}
