/* libyaml's own parse-only rate: every event of FILE, nothing built. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: libyaml-parse FILE [ROUNDS]\n"); return 64; }
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *buffer = malloc(size);
    if (fread(buffer, 1, size, file) != (size_t)size) { perror("read"); return 1; }
    fclose(file);
    double best = 1e9;
    long events = 0;
    for (int round = 0; round < rounds; round++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        yaml_parser_t parser;
        yaml_event_t event;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, buffer, size);
        events = 0;
        for (;;) {
            if (!yaml_parser_parse(&parser, &event)) { fprintf(stderr, "parse error\n"); return 1; }
            int type = event.type;
            yaml_event_delete(&event);
            events++;
            if (type == YAML_STREAM_END_EVENT) break;
        }
        yaml_parser_delete(&parser);
        clock_gettime(CLOCK_MONOTONIC, &end);
        double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
        if (seconds < best) best = seconds;
    }
    printf("libyaml parse only: %.0f MB/s (%.3f s, %ld events, best of %d)\n", size / 1e6 / best, best, events, rounds);
    return 0;
}
