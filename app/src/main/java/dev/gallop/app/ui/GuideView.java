package dev.gallop.app.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/// The user guide shipped in the app (`docs/user-guide.md`, copied into the jar with its pictures), shown as a page:
/// headings, paragraphs with **bold**, *italic* and `code`, lists, tables, code blocks and pictures — the Markdown the
/// guide uses, nothing more.
public final class GuideView extends ScrollPane {
    static final String GUIDE = "/dev/gallop/app/guide/user-guide.md";
    private final VBox page = new VBox(8);

    public GuideView() {
        page.setPadding(new Insets(16, 22, 22, 22));
        page.getStyleClass().add("guide-page");
        setContent(page);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        try (InputStream in = GuideView.class.getResourceAsStream(GUIDE)) {
            if (in == null) throw new IOException("the guide is not in this build (" + GUIDE + ")");
            render(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            page.getChildren().add(new Label("The user guide cannot be shown: " + e.getMessage() + ". It is docs/user-guide.md in the Gallop sources."));
        }
    }

    /// The page's blocks, for tests.
    public VBox page() { return page; }

    private void render(String md) {
        List<String> lines = md.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.startsWith("<!--")) continue;
            if (l.startsWith("```")) {
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) code.append(code.isEmpty() ? "" : "\n").append(lines.get(i));
                Label c = new Label(code.toString());
                c.setFont(Font.font("monospace", 12));
                c.setWrapText(true);
                c.getStyleClass().add("guide-code");
                page.getChildren().add(c);
            } else if (l.startsWith("#")) {
                int level = (int) l.chars().takeWhile(ch -> ch == '#').count();
                Label h = new Label(l.substring(level).strip());
                h.getStyleClass().add("title-" + Math.min(4, level));
                h.setWrapText(true);
                if (level == 1) h.setId("guide-title");
                page.getChildren().add(h);
            } else if (l.startsWith("![")) {
                int open = l.indexOf("](");
                String src = l.substring(open + 2, l.indexOf(')', open));
                InputStream in = GuideView.class.getResourceAsStream("/dev/gallop/app/guide/" + src);
                if (in != null) {
                    ImageView iv = new ImageView(new Image(in));
                    iv.setPreserveRatio(true);
                    iv.fitWidthProperty().bind(javafx.beans.binding.Bindings.min(800, widthProperty().subtract(60)));
                    page.getChildren().add(iv);
                }
            } else if (l.startsWith("|")) {
                GridPane table = new GridPane(16, 4);
                table.getStyleClass().add("guide-table");
                int row = 0;
                for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
                    String r = lines.get(i);
                    if (r.matches("\\|[-|: ]+\\|?")) continue;
                    List<String> cells = cells(r);
                    for (int c = 0; c < cells.size(); c++) {
                        TextFlow f = inline(cells.get(c), row == 0);
                        f.setPrefWidth(c == 0 ? 220 : 520);
                        table.add(f, c, row);
                    }
                    row++;
                }
                i--;
                page.getChildren().add(table);
            } else if (l.startsWith("- ") || l.startsWith("* ") && !l.endsWith("*")) {
                StringBuilder item = new StringBuilder(l.substring(2));
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith("  ") && !lines.get(i + 1).isBlank()) item.append(' ').append(lines.get(++i).strip());
                TextFlow f = inline("•  " + item, false);
                VBox.setMargin(f, new Insets(0, 0, 0, 14));
                page.getChildren().add(f);
            } else {
                StringBuilder para = new StringBuilder(l.strip());
                while (i + 1 < lines.size() && !lines.get(i + 1).isBlank() && !block(lines.get(i + 1))) para.append(' ').append(lines.get(++i).strip());
                page.getChildren().add(inline(para.toString(), false));
            }
        }
    }

    private static boolean block(String l) {
        return l.startsWith("#") || l.startsWith("```") || l.startsWith("|") || l.startsWith("- ") || l.startsWith("![");
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        String r = row.strip();
        r = r.substring(1, r.endsWith("|") ? r.length() - 1 : r.length());
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char ch = r.charAt(i);
            if (ch == '\\' && i + 1 < r.length()) cur.append(r.charAt(++i));
            else if (ch == '|') {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else cur.append(ch);
        }
        out.add(cur.toString().strip());
        return out;
    }

    /// A paragraph with **bold**, *italic*, `code` and [links](…) (shown as their text).
    static TextFlow inline(String s, boolean bold) {
        TextFlow f = new TextFlow();
        f.getStyleClass().add("guide-text");
        StringBuilder cur = new StringBuilder();
        boolean b = bold, it = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '`') {
                int end = s.indexOf('`', i + 1);
                if (end > i) {
                    add(f, cur, b, it);
                    Text t = new Text(s.substring(i + 1, end));
                    t.setFont(Font.font("monospace", 13));
                    t.getStyleClass().add("guide-inline-code");
                    f.getChildren().add(t);
                    i = end;
                    continue;
                }
            }
            if (ch == '*' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                add(f, cur, b, it);
                b = !b;
                i++;
                continue;
            }
            if (ch == '*' || ch == '_' && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
                if (ch == '*' || i + 1 < s.length()) {
                    add(f, cur, b, it);
                    it = !it;
                    continue;
                }
            }
            if (ch == '[') {
                int close = s.indexOf("](", i), end = close < 0 ? -1 : s.indexOf(')', close);
                if (close > i && end > close) {
                    cur.append(s, i + 1, close);
                    i = end;
                    continue;
                }
            }
            cur.append(ch);
        }
        add(f, cur, b, it);
        return f;
    }

    private static void add(TextFlow f, StringBuilder cur, boolean bold, boolean italic) {
        if (cur.isEmpty()) return;
        Text t = new Text(cur.toString());
        t.setFont(Font.font(null, bold ? FontWeight.BOLD : FontWeight.NORMAL, italic ? FontPosture.ITALIC : FontPosture.REGULAR, 14));
        t.getStyleClass().add("guide-run");
        f.getChildren().add(t);
        cur.setLength(0);
    }

    /// Every text on the page, joined (for tests).
    public String text() {
        StringBuilder sb = new StringBuilder();
        collect(page, sb);
        return sb.toString();
    }

    private static void collect(Node n, StringBuilder sb) {
        if (n instanceof Text t) sb.append(t.getText()).append('\n');
        else if (n instanceof Label l) sb.append(l.getText()).append('\n');
        else if (n instanceof javafx.scene.Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, sb);
    }
}
