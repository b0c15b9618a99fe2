/* analysis/report_regions.c: "Effects by region": for the option the
 * reader picks, a tile map of Kazakhstan's 20 regions coloured by the
 * effect and a table of the effect by region with its interval. The picker
 * is radio buttons and CSS (no scripts); it opens on the option with the
 * largest national effect. Every number is in /comparison/region_effects and
 * /comparison/region_level of the result file. */
#include "analysis/report_internal.h"
#include "analysis/report_text.h"
#include "base/i18n.h"

#include <math.h>
#include <string.h>

#define TILE_W 150
#define TILE_H 78
#define MAP_COLS 6
#define MAP_ROWS 5

/* Rough geographic positions (column west to east, row north to south) of
 * the 20 regions (17 regions and 3 cities of republican significance since
 * 2022), names as in the kz-national preset. */
static const struct {
    const char *name;
    int col, row;
} tiles[] = {
    {"West Kazakhstan", 0, 0}, {"Aktobe", 1, 0},     {"Kostanay", 2, 0},
    {"North Kazakhstan", 3, 0}, {"Pavlodar", 4, 0},  {"East Kazakhstan", 5, 0},
    {"Atyrau", 0, 1},          {"Ulytau", 2, 1},     {"Akmola", 3, 1},
    {"Astana", 4, 1},          {"Abai", 5, 1},       {"Mangystau", 0, 2},
    {"Kyzylorda", 2, 2},       {"Karaganda", 3, 2},  {"Jetisu", 5, 2},
    {"Turkistan", 2, 3},       {"Zhambyl", 3, 3},    {"Almaty Region", 4, 3},
    {"Shymkent", 2, 4},        {"Almaty", 4, 4},
};
#define N_TILES ((int)(sizeof tiles / sizeof tiles[0]))

static int tile_of(const char *name)
{
    for (int i = 0; i < N_TILES; i++)
        if (strcmp(tiles[i].name, name) == 0)
            return i;
    return -1;
}

/* A map needs every region to have a tile. */
static int has_map(const bilim_comparison *c)
{
    if (c->n_regions > N_TILES)
        return 0;
    for (int32_t g = 0; g < c->n_regions; g++)
        if (tile_of(c->region_names[g]) < 0)
            return 0;
    return 1;
}

/* The largest |effect| of any option in any region: one scale for all maps,
 * so colours compare across options. */
static double scale_of(const bilim_comparison *c)
{
    double m = 0.0;
    for (int32_t o = 1; o < c->n_scenarios; o++)
        for (int32_t g = 0; g < c->n_regions; g++)
            m = fmax(m, fabs(bilim_compare_region_effect(c, o, g)[BILIM_BAND_MEAN]));
    return m > 0.0 ? m : 1e-4;
}

/* Colour of effect x on the scale m: white at 0, blue for gains, orange for
 * losses (ColorBrewer's PuOr ends, readable with colour-vision deficiencies).
 * *dark is set when the fill needs white text. */
static void fill_of(double x, double m, char *buf, size_t n, int *dark)
{
    static const int pos[3] = {33, 102, 172}, neg[3] = {179, 88, 6};
    double t = fmin(1.0, fabs(x) / m);
    const int *e = x >= 0 ? pos : neg;
    int rgb[3];
    for (int k = 0; k < 3; k++)
        rgb[k] = (int)lround(255.0 + t * (e[k] - 255.0));
    snprintf(buf, n, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    *dark = t > 0.55;
}

static void map(const bilim_comparison *c, int32_t o, double m, FILE *f)
{
    fprintf(f, "<svg class=\"tilemap\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
            MAP_COLS * TILE_W, MAP_ROWS * TILE_H + 40);
    bilim__report_html(f, c->names[o]);
    fputs("\">\n", f);
    for (int32_t g = 0; g < c->n_regions; g++) {
        int i = tile_of(c->region_names[g]), dark;
        double x = bilim_compare_region_effect(c, o, g)[BILIM_BAND_MEAN];
        char fill[16], v[64];
        fill_of(x, m, fill, sizeof fill, &dark);
        bilim__report_fmt_pp(x, v, sizeof v);
        int X = tiles[i].col * TILE_W, Y = tiles[i].row * TILE_H;
        fputs("<g><title>", f);
        bilim__report_html(f, c->region_names[g]);
        fprintf(f, ": %s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" "
                   "fill=\"%s\" stroke=\"#fff\" stroke-width=\"3\"/>",
                v, X, Y, TILE_W, TILE_H, fill);
        fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"13\" text-anchor=\"middle\">",
                X + TILE_W / 2, Y + 32, dark ? "#fff" : "#1d1d1d");
        bilim__report_html(f, c->region_names[g]);
        fprintf(f, "</text><text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"14\" "
                   "font-weight=\"600\" text-anchor=\"middle\">%s</text></g>\n",
                X + TILE_W / 2, Y + 54, dark ? "#fff" : "#1d1d1d", v);
    }
    /* The legend: eleven steps from -m to +m. */
    int y = MAP_ROWS * TILE_H + 8, w = 30, x0 = MAP_COLS * TILE_W - 11 * w - 10;
    for (int k = 0; k < 11; k++) {
        char fill[16];
        int dark;
        fill_of(m * (k - 5) / 5.0, m, fill, sizeof fill, &dark);
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"12\" fill=\"%s\" "
                   "stroke=\"#ccc\" stroke-width=\"0.5\"/>", x0 + k * w, y, w, fill);
    }
    char lo[64], hi[64];
    bilim__report_fmt_pp(-m, lo, sizeof lo);
    bilim__report_fmt_pp(m, hi, sizeof hi);
    fprintf(f, "\n<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>"
               "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">0</text>"
               "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n</svg>\n",
            x0 - 6, y + 11, lo, x0 + 11 * w / 2, y + 28, x0 + 11 * w + 6, y + 11, hi);
}

static void table(const bilim_comparison *c, int32_t o, FILE *f)
{
    char d[64];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fprintf(f, _("<table class=\"regions\">\n<tr><th>Region</th><th>Baseline<br><span "
                 "class=\"muted\">routine use, %s</span></th><th>Option</th><th>Effect<br>"
                 "<span class=\"muted\">percentage points, 95%% CI</span></th></tr>\n"), d);
    bilim_effect_row row = {.unit = "share"};
    for (int32_t g = 0; g < c->n_regions; g++) {
        const double *e = bilim_compare_region_effect(c, o, g);
        char b[64], v[64], x[64], lo[64], hi[64];
        bilim__report_fmt_level(&row, c->region_level[g], b, sizeof b);
        bilim__report_fmt_level(&row, c->region_level[(size_t)o * c->n_regions + g], v,
                                sizeof v);
        bilim__report_fmt_pp(e[BILIM_BAND_MEAN], x, sizeof x);
        fputs("<tr><td>", f);
        bilim__report_html(f, c->region_names[g]);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s",
                b, v, x);
        if (isfinite(e[BILIM_BAND_LOW_CI]) && isfinite(e[BILIM_BAND_HIGH_CI])) {
            bilim__report_fmt_pp(e[BILIM_BAND_LOW_CI], lo, sizeof lo);
            bilim__report_fmt_pp(e[BILIM_BAND_HIGH_CI], hi, sizeof hi);
            fputs("<br><span class=\"muted\">", f);
            /* TRANSLATORS: an interval: "+0.50 pp to +1.30 pp". */
            fprintf(f, _("%s to %s"), lo, hi);
            fputs("</span>", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

void bilim__report_regions_css(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    if (c->n_regions == 0)
        return;
    fputs(".rp{position:absolute;opacity:0;pointer-events:none}.region-view{display:none}\n"
          ".picker{display:flex;flex-wrap:wrap;gap:6px 10px;margin:.4em 0 .8em}\n"
          ".picker label{border:1px solid #ccc;border-radius:4px;padding:2px 8px;"
          "cursor:pointer}\nsvg.tilemap{width:100%;max-width:900px;height:auto;display:block}\n",
          f);
    for (int32_t o = 1; o < c->n_scenarios; o++)
        fprintf(f, "#region-pick-%d:checked~#region-view-%d{display:block}"
                   "#region-pick-%d:checked~.picker label[for=region-pick-%d]{background:"
                   "#e8eef6;border-color:#0072B2;font-weight:600}\n", o, o, o, o);
}

void bilim__report_regions(const bilim_report_input *in, FILE *f)
{
    const bilim_comparison *c = in->cmp;
    fprintf(f, "<section id=\"regions\">\n<h2>%s</h2>\n", _("Effects by region"));
    if (c->n_regions == 0) {
        fprintf(f, "<p>%s</p>\n</section>\n",
                _("Per-region series were not recorded in these runs. To see each option's "
                  "effect region by region, add <code>\"outputs\": {\"by_region\": true}"
                  "</code> to every scenario and run the comparison again."));
        return;
    }
    char d[64];
    bilim__report_fmt_date(c, c->months, d, sizeof d);
    fprintf(f, _("<p>The effect on the share of teachers in routine use by %s, region by "
                 "region: each region's teachers only, paired by replicate like the national "
                 "figures. A region with few schools has a wide interval. Pick an option; the "
                 "colours use one scale for every option (blue: more teachers in routine use "
                 "than under the baseline; orange: fewer).</p>\n"), d);
    int32_t best = c->rank_effect[0];
    for (int32_t o = 1; o < c->n_scenarios; o++)
        fprintf(f, "<input type=\"radio\" class=\"rp\" name=\"region-pick\" "
                   "id=\"region-pick-%d\"%s>\n", o, o == best ? " checked" : "");
    fputs("<div class=\"picker\">", f);
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        fprintf(f, "<label for=\"region-pick-%d\">", o);
        bilim__report_key(f, o);
        bilim__report_html(f, c->names[o]);
        fputs("</label>", f);
    }
    fputs("</div>\n", f);
    int with_map = has_map(c);
    double m = scale_of(c);
    for (int32_t o = 1; o < c->n_scenarios; o++) {
        fprintf(f, "<div class=\"region-view\" id=\"region-view-%d\">\n<h3>", o);
        bilim__report_key(f, o);
        bilim__report_html(f, c->names[o]);
        fputs("</h3>\n", f);
        if (with_map)
            map(c, o, m, f);
        table(c, o, f);
        fputs("</div>\n", f);
    }
    if (!with_map)
        fprintf(f, "<p class=\"muted\">%s</p>\n",
                _("No map: the population's regions are not Kazakhstan's 20 regions."));
    fputs("</section>\n", f);
}
