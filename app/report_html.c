/* report_html.c - the pieces of a report page: escaped text, the story and "things to try"
 * from the scenario file's comments, plots inlined as SVG (drawn by plot.c and plot_router.c
 * into a temporary folder), the events as a timeline, the parameter table. */
#include "report_html.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "calendar.h"
#include "model.h"

void html_text(struct gnuplot_script *h, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': gnuplot_add(h, "&amp;"); break;
        case '<': gnuplot_add(h, "&lt;"); break;
        case '>': gnuplot_add(h, "&gt;"); break;
        case '"': gnuplot_add(h, "&quot;"); break;
        default: gnuplot_add(h, "%c", *s);
        }
    }
}

/* The next line of text (without its newline) into buf; returns the position after it, or
 * NULL at the end. */
static const char *next_line(const char *p, char *buf, size_t len)
{
    if (!p || !*p)
        return NULL;
    size_t n = strcspn(p, "\n");
    snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), p);
    size_t k = strlen(buf);
    if (k && buf[k - 1] == '\r')
        buf[k - 1] = '\0';
    return p[n] ? p + n + 1 : p + n;
}

/* A comment line's text after "#" and one space; NULL if the line is not a comment. */
static const char *comment_text(const char *line)
{
    if (line[0] != '#')
        return NULL;
    return line[1] == ' ' ? line + 2 : line + 1;
}

static bool starts_try(const char *text)
{
    while (*text == ' ')
        text++;
    return strncasecmp(text, "things to try", 13) == 0;
}

void html_story(struct gnuplot_script *h, const char *source, bool first_paragraph_only)
{
    char line[1200];
    enum { NONE, PARA, PRE } open = NONE;
    int paragraphs = 0;
    for (const char *p = source; (p = next_line(p, line, sizeof line));) {
        const char *text = comment_text(line);
        if (!text || starts_try(text))
            break;
        bool blank = strspn(text, " \t") == strlen(text);
        bool pre = !blank && (text[0] == ' ' || strstr(text, "wormsim run ") ||
                              strstr(text, "wormsim plot ") || strstr(text, "wormsim events "));
        if ((blank && open != NONE) || (pre && open == PARA) || (!pre && !blank && open == PRE)) {
            gnuplot_add(h, open == PRE ? "</pre>\n" : "</p>\n");
            open = NONE;
            if (first_paragraph_only && paragraphs > 0)
                return;
        }
        if (blank)
            continue;
        if (open == NONE) {
            gnuplot_add(h, pre ? "<pre>" : paragraphs == 0 ? "<p class=\"lead\">" : "<p>");
            open = pre ? PRE : PARA;
            paragraphs++;
        } else {
            gnuplot_add(h, "\n");
        }
        html_text(h, pre && text[0] == ' ' ? text + 1 : text);
    }
    if (open != NONE)
        gnuplot_add(h, open == PRE ? "</pre>\n" : "</p>\n");
}

int html_things_to_try(struct gnuplot_script *h, const char *source)
{
    char line[1200];
    bool in = false, item = false;
    int n = 0;
    for (const char *p = source; (p = next_line(p, line, sizeof line));) {
        const char *text = comment_text(line);
        if (!in) {
            in = text && starts_try(text);
            continue;
        }
        if (!text || strspn(text, " \t") == strlen(text))
            break;
        size_t indent = strspn(text, " ");
        if (!strncmp(text + indent, "wormsim ", 8) && indent <= 3) {
            gnuplot_add(h, "%s%s<li><pre>", item ? "</p>" : "",
                        n ? "</li>\n" : "<ol class=\"try\">\n");
            html_text(h, text + indent);
            gnuplot_add(h, "</pre>");
            item = false;
            n++;
        } else if (n > 0) {
            gnuplot_add(h, item ? " " : "<p>");
            html_text(h, text + indent);
            item = true;
        }
    }
    if (n > 0)
        gnuplot_add(h, "%s</li>\n</ol>\n", item ? "</p>" : "");
    return n;
}

/* Appends the SVG file at path from its <svg element on, with every id (and every reference
 * to one) prefixed, so several inline SVGs never share an id. */
static enum status inline_svg(struct gnuplot_script *h, const char *path, int figure,
                              struct diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return diag_set(d, ST_IO, "", 0, "cannot read the plot %s", path);
    struct gnuplot_script svg = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        gnuplot_add(&svg, "%.*s", (int)n, buf);
    fclose(f);
    const char *p = svg.p ? strstr(svg.p, "<svg") : NULL;
    if (!p) {
        free(svg.p);
        return diag_set(d, ST_EXTERNAL, "", 0, "gnuplot wrote no SVG to %s", path);
    }
    char prefix[16];
    snprintf(prefix, sizeof prefix, "f%d-", figure);
    static const char *const marks[] = {"id=\"", "id='", "href='#", "href=\"#", "url(#"};
    while (*p) {
        size_t best = strlen(p), which = 0;
        for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
            const char *q = strstr(p, marks[k]);
            if (q && (size_t)(q - p) < best)
                best = (size_t)(q - p), which = k;
        }
        if (best == strlen(p)) {
            gnuplot_add(h, "%s", p);
            break;
        }
        size_t mlen = strlen(marks[which]);
        gnuplot_add(h, "%.*s%s", (int)(best + mlen), p, prefix);
        p += best + mlen;
    }
    free(svg.p);
    return ST_OK;
}

/* A temporary folder for one plot; *svg is its plot.svg. */
static bool temp_svg(char *dir, size_t dlen, char *svg, size_t slen)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, dlen, "%s/wormsim-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return false;
    snprintf(svg, slen, "%s/plot.svg", dir);
    return true;
}

static void figure_open(struct gnuplot_script *h) { gnuplot_add(h, "<figure>\n"); }

static void figure_close(struct gnuplot_script *h, const char *caption)
{
    gnuplot_add(h, "\n<figcaption>");
    html_text(h, caption);
    gnuplot_add(h, "</figcaption>\n</figure>\n");
}

enum status html_plot(struct gnuplot_script *h, struct store *s, struct plot_request *req,
                      int figure, const char *caption, struct diag *d)
{
    char dir[512], svg[600];
    if (!temp_svg(dir, sizeof dir, svg, sizeof svg))
        return diag_set(d, ST_IO, "", 0, "cannot create a temporary folder");
    req->output = svg;
    req->terminal = NULL;
    enum status st = plot_runs(s, req, d);
    if (st == ST_OK) {
        figure_open(h);
        st = inline_svg(h, svg, figure, d);
        figure_close(h, caption);
    }
    unlink(svg);
    rmdir(dir);
    return st;
}

enum status html_router_plot(struct gnuplot_script *h, struct store *s,
                             struct plot_router_request *req, int figure, const char *caption,
                             struct diag *d)
{
    char dir[512], svg[600];
    if (!temp_svg(dir, sizeof dir, svg, sizeof svg))
        return diag_set(d, ST_IO, "", 0, "cannot create a temporary folder");
    req->output = svg;
    req->terminal = NULL;
    enum status st = plot_router(s, req, d);
    if (st == ST_OK) {
        figure_open(h);
        st = inline_svg(h, svg, figure, d);
        figure_close(h, caption);
    }
    unlink(svg);
    rmdir(dir);
    return st;
}
