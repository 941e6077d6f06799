package lab.onion.load.report;

import lab.onion.load.support.Pages;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's escaping and well-formedness, without a run. */
class HtmlReportTest {

    @Test
    void everyStringIsEscaped() throws Exception {
        String hostile = "<script>alert('x')</script> & \"quoted\" \u0001";
        String html = new HtmlReport("title " + hostile)
                .heading(hostile)
                .paragraph(hostile)
                .table(hostile, List.of("kind", hostile), List.of(List.of(hostile, "1,234")))
                .render();

        Document page = Pages.parse(html);
        assertEquals(0, Pages.count(page, Pages.XHTML, "script"), html);
        assertTrue(page.getElementsByTagNameNS(Pages.XHTML, "h2").item(0).getTextContent().contains("<script>alert('x')</script> & \"quoted\""));
        assertEquals(1, Pages.count(page, Pages.XHTML, "table"));
    }

    @Test
    void escapeCoversMarkupAndAttributes() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", HtmlReport.escape("<a href=\"x\">&'"));
        assertEquals("", HtmlReport.escape(null));
    }

    @Test
    void axesEndOnRoundNumbers() {
        assertEquals(1, HtmlReport.niceMax(0.7));
        assertEquals(2, HtmlReport.niceMax(1.2));
        assertEquals(500, HtmlReport.niceMax(420));
        assertEquals(1, HtmlReport.niceMax(0));
    }

    @Test
    void cpuTimeIsReadFromPrometheusText() {
        String metrics = """
                # TYPE process_cpu_time_ns counter
                process_cpu_time_ns_totalish 7
                process_cpu_time_ns_total 3.15E9
                process_cpu_usage 0.0
                """;
        assertEquals(3.15e9, CpuTimeProbe.parse(metrics));
        assertEquals(12.0, CpuTimeProbe.parse("process_cpu_time_ns_total{service=\"a b\"} 12 1700000000\n"));
        assertEquals(null, CpuTimeProbe.parse("process_cpu_usage 0.5\n"));
    }
}
