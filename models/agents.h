/* models/agents.h: the agents as structs of flat arrays (private to models/).
 *
 * Schools are indexed 0..n_schools-1, grouped by region, then locality
 * (urban first), so every cluster is a run of consecutive schools. One
 * principal per school shares the school's index. Teachers of school s are
 * the slots t_off[s] .. t_off[s+1]-1; a slot keeps its index through turnover
 * (a leaver is replaced in the same slot), which makes it a stable key for
 * random streams. Per teacher and innovation arrays are teacher-major:
 * use[t * n_innov + j].
 *
 * School aggregates read by other schools or by the next step (use counts)
 * are double-buffered: buffer `cur` holds the state at the start of the
 * month, the step writes buffer 1 - cur, then the buffers swap. */
#ifndef BILIM_AGENTS_H
#define BILIM_AGENTS_H

#include <stddef.h>
#include <stdint.h>

/* Use states (ODD 2, CBAM levels of use collapsed to three). */
enum { BILIM_USE_NONE = 0, BILIM_USE_TRIAL = 1, BILIM_USE_ROUTINE = 2 };

/* Principal age groups (the 2026 survey's two groups). */
enum { BILIM_AGE_30_45 = 0, BILIM_AGE_OVER_45 = 1 };

typedef struct bilim_agents {
    int32_t n_schools;
    int64_t n_teachers;
    int32_t n_innov;
    int32_t n_clusters;

    /* schools */
    int32_t *region;       /* region index */
    uint8_t *locality;     /* bilim_locality */
    uint8_t *small;        /* 1 = small-class school */
    int32_t *n_teach;      /* posts of the school (constant); n_filled of them have a teacher */
    int64_t *t_off;        /* n_schools + 1 CSR offsets into the teacher arrays */
    int32_t *cluster;      /* cluster of the school */
    int32_t *cl_start;     /* n_clusters + 1: cluster c = schools cl_start[c] .. cl_start[c+1]-1 */
    double *R;             /* resources */
    /* The school's month-0 state, the reference of every relaxation (ODD 7.1):
     * motivation and openness respond to changes from it, not to levels. */
    double *R0;            /* resources at month 0 */
    double *L0;            /* leadership support (rho) at month 0 */
    double *A0;            /* share of teacher-innovation pairs in routine use at month 0 */
    double *M0;            /* the school's mean teacher motivation M_s (ODD 5): new hires' mean */

    /* principals (one per school, same index) */
    double *K, *S, *O;     /* knowledge, managerial skill, openness */
    double *O0;            /* openness on taking office (the anchor of O's relaxation) */
    uint8_t *age_group;    /* BILIM_AGE_* */
    uint8_t *female;       /* 1 = woman */
    uint8_t *trained;      /* 1 = this principal has had leadership training in post */
    int32_t *p_since;      /* first month of this principal in post (0 for month-0 principals) */

    /* teachers (slots) */
    float *k, *m;          /* knowledge, motivation */
    float *m0;             /* motivation at hire (the anchor of m*) */
    uint8_t *use;          /* [slot * n_innov + j]: BILIM_USE_* */
    uint8_t *vacant;       /* [slot]: 1 = the post is vacant (no teacher; not counted) */
    uint16_t *entered;     /* [slot * n_innov + j]: month the current use state was entered
                            * (months in state = current month - entered; written only on
                            * a transition, so the hot loop does not touch it otherwise) */

    /* school aggregates */
    int32_t *n_trial[2];   /* [buffer][s * n_innov + j]: teachers in trial */
    int32_t *n_routine[2]; /* [buffer][s * n_innov + j]: teachers in routine use */
    int32_t *n_any_routine[2]; /* [buffer][s]: teachers in routine use of at least one innovation */
    double *sum_k, *sum_m; /* [s]: sums of k and m over the school's teachers (current state) */
    int32_t *n_filled;     /* [s]: teachers in post (posts n_teach minus vacancies), current state */
    int cur;               /* buffer holding the current month */
} bilim_agents;

/* calloc that adds what it allocated to *bytes (for bilim_model_bytes). */
void *bilim_agents_calloc(size_t *bytes, size_t n, size_t size);

/* Frees every array of a (safe on a zeroed struct) and zeroes it. */
void bilim_agents_clear(bilim_agents *a);

/* Teachers in post at school s, at least 1: the denominator of the school's
 * shares and means (a school whose every post is vacant has none). */
static inline int32_t bilim_agents_filled(const bilim_agents *a, int32_t s)
{
    return a->n_filled[s] > 0 ? a->n_filled[s] : 1;
}

/* x clamped to [0, 1] (ODD 7: every readiness-like variable). */
static inline double bilim_agents_clamp01(double x)
{
    return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}

/* Principal readiness rho = (K + S + O) / 3 (ODD 2). */
static inline double bilim_agents_rho(const bilim_agents *a, int32_t s)
{
    return (a->K[s] + a->S[s] + a->O[s]) / 3.0;
}

#endif
