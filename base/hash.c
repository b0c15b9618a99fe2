/* base/hash.c: FNV-1a (see hash.h). */
#include "base/hash.h"

#include <string.h>

uint64_t bilim_hash_bytes(uint64_t h, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t bilim_hash_string(uint64_t h, const char *s)
{
    return bilim_hash_bytes(h, s, strlen(s) + 1);
}
