# wormsim build. `make` builds, `make test` installs missing packages then runs every test,
# `make demo` runs the July 19, 2001 outbreak, `make bench` prints performance figures.
# Layers, lowest first; each folder is compiled with -I for itself and the layers below it only,
# so a header from a folder above fails to compile (`make layers` also greps the includes):
#   sim/ (engine, calendar, rng, params, store) < models/base < models/config < models/worms
#   < models/hosts < models/net < models/sensors < models/world < models/ (the descriptor);
#   models/theory (ODEs, fits: arithmetic only) sits on models/base and is seen by models/ only;
#   app/ sees sim/ only.

BUILD    ?= build
BIN      ?= wormsim
CC       ?= cc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -MMD -MP
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
CPPFLAGS += -DWORMSIM_VERSION='"0.1.0-$(VERSION)"'
# GSL's inline versions of gsl_rng_get, gsl_rng_uniform and gsl_rng_uniform_int (the same code).
CPPFLAGS += -DHAVE_INLINE
PKGS      = gsl sqlite3
LIBS      = $(shell pkg-config --libs $(PKGS)) -lm
PKGCFLAGS = $(shell pkg-config --cflags $(PKGS))
CHECKLIBS = $(shell pkg-config --libs check)

MODEL_DIRS := base theory config worms hosts net sensors world
SIM_SRC   := $(wildcard sim/*.c)
APP_SRC   := $(filter-out app/main.c,$(wildcard app/*.c))
MODEL_SRC := $(foreach d,$(MODEL_DIRS),$(wildcard models/$(d)/*.c)) $(wildcard models/*.c)
TEST_SRC  := $(wildcard tests/*.c)
SIM_OBJ   := $(SIM_SRC:%.c=$(BUILD)/%.o)
APP_OBJ   := $(APP_SRC:%.c=$(BUILD)/%.o)
MODEL_OBJ := $(MODEL_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ   := $(SIM_OBJ) $(APP_OBJ) $(MODEL_OBJ)

# The include path of each layer: its own folder and every folder below it.
INC_sim    := -Isim
INC_app    := $(INC_sim) -Iapp
INC_base   := $(INC_sim) -Imodels/base
INC_theory := $(INC_base) -Imodels/theory
INC_config := $(INC_base) -Imodels/config
INC_worms  := $(INC_config) -Imodels/worms
INC_hosts  := $(INC_worms) -Imodels/hosts
INC_net    := $(INC_hosts) -Imodels/net
INC_sensors := $(INC_net) -Imodels/sensors
INC_world  := $(INC_sensors) -Imodels/world
INC_models := $(INC_world) -Imodels/theory -Imodels
INC_all    := $(INC_models) -Iapp

.PHONY: population mutate fuzz fuzz-run fuzz-build all deps deps-test gallery test test-run demo demo-run bench bench-run asan valgrind clean golden layers

all: $(BIN)

deps:
	@scripts/install-deps

deps-test:
	@scripts/install-deps --test

$(BIN): $(BUILD)/app/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) $(INC_sim) -c $< -o $@

$(BUILD)/app/%.o: app/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) $(INC_app) -c $< -o $@

# One rule per model layer (base, config, ... world), each with its own include path.
define model_layer
$$(BUILD)/models/$(1)/%.o: models/$(1)/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $$(PKGCFLAGS) $$(INC_$(1)) -c $$< -o $$@
endef
$(foreach d,$(MODEL_DIRS),$(eval $(call model_layer,$(d))))

$(BUILD)/models/%.o: models/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) $(INC_models) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) $(shell pkg-config --cflags check) $(INC_all) -c $< -o $@

$(BUILD)/scripts/%.o: scripts/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) $(INC_all) -c $< -o $@

$(BUILD)/check_wormsim: $(TEST_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(CHECKLIBS) $(LIBS)

$(BUILD)/population_gen: $(BUILD)/scripts/population_gen.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# The shipped sourced population (docs/SOURCES.md §18); rerun after changing population_sourced.c.
population: $(BUILD)/population_gen
	@mkdir -p scenarios/data
	$(BUILD)/population_gen 1 > scenarios/data/aug2001-vulnerable.txt

$(BUILD)/bench_hold: $(BUILD)/scripts/bench_hold.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/bench_perscan: $(BUILD)/scripts/bench_perscan.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# The public targets install missing packages first, then re-enter make so that
# pkg-config is asked only once the libraries are there.
test: deps-test
	@$(MAKE) --no-print-directory test-run

test-run: $(BIN) $(BUILD)/check_wormsim
	$(BUILD)/check_wormsim
	tests/check_layers.sh
	tests/check_refs.sh
	tests/check_sizes.sh
	tests/integration.sh $(BIN)
	tests/bad_input.sh $(BIN)
	tests/teach.sh $(BIN)
	tests/reliability.sh $(BIN)
	tests/crash_consistency.sh $(BIN)
	tests/experiments.sh $(BIN)
	tests/golden.sh $(BIN)

# The golden checksums of four scenarios at a fixed seed (tests/golden/); also part of make test.
golden: $(BIN)
	tests/golden.sh $(BIN)

# The include arrows between layers, and no file over 800 lines or function over 80.
layers:
	tests/check_layers.sh
	tests/check_sizes.sh

# Every scenario run once, a report each and results/gallery/index.html linking them.
gallery: deps $(BIN)
	scripts/gallery.sh ./$(BIN) results/gallery

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: wormsim
	./wormsim run scenarios/july19-crv2.ini --db results/runs.db --plot results/july19-crv2.png

bench: deps
	@$(MAKE) --no-print-directory bench-run

$(BUILD)/bench_memory: $(BUILD)/scripts/bench_memory.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

bench-run: wormsim $(BUILD)/bench_hold $(BUILD)/bench_perscan $(BUILD)/bench_memory
	scripts/bench.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/wormsim \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer" test-run

# The unit suites under valgrind (no fork, so leaks are seen; longer timeouts).
valgrind: $(BUILD)/check_wormsim
	CK_FORK=no CK_TIMEOUT_MULTIPLIER=20 valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect \
	  --error-exitcode=9 $(BUILD)/check_wormsim

# libFuzzer harnesses (tests/fuzz/): the scenario reader + validation + stored-scenario round
# trip, and --set lines. `make fuzz` builds them with clang and runs each for FUZZ_TIME seconds
# (CI: 60) from the seed corpus (scenarios, the bad-input corpus, tests/fuzz/corpus/) with the
# dictionary of keys and units; new inputs go to build-fuzz/corpus-*, findings to build-fuzz/.
# Needs clang and libclang-rt-14-dev (scripts/install-deps --fuzz).
FUZZ_TIME ?= 60
FUZZ_CC   ?= clang
FUZZ_FLAGS = -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=undefined -DWORMSIM_VERSION='"fuzz"'
FUZZ_SRC   = $(SIM_SRC) $(MODEL_SRC) tests/fuzz/fuzz_common.c

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/fuzz_common.h $(SIM_SRC) $(MODEL_SRC)
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) $(PKGCFLAGS) $(INC_models) -Itests/fuzz -o $@ $< $(FUZZ_SRC) $(LIBS)

fuzz-build: build-fuzz/fuzz_scenario build-fuzz/fuzz_set

# Mutation testing: each line of tests/mutations/mutations.txt applied alone in a scratch copy,
# the suites it names run, and the score printed (scripts/mutate.sh; MUTATIONS=ID... for some).
mutate:
	scripts/mutate.sh tests/mutations/mutations.txt $(MUTATIONS)

fuzz:
	@scripts/install-deps --fuzz
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: fuzz-build
	@mkdir -p build-fuzz/corpus-scenario build-fuzz/corpus-set
	cd build-fuzz && ./fuzz_scenario -max_total_time=$(FUZZ_TIME) -dict=../tests/fuzz/wormsim.dict \
	  -max_len=4096 -timeout=10 -print_final_stats=1 corpus-scenario ../scenarios ../tests/bad-input ../tests/data
	cd build-fuzz && ./fuzz_set -max_total_time=$(FUZZ_TIME) -dict=../tests/fuzz/wormsim.dict \
	  -max_len=2048 -timeout=10 -print_final_stats=1 corpus-set ../tests/fuzz/corpus/set

clean:
	rm -rf build build-asan build-fuzz wormsim

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
