# wormsim build. `make` builds, `make test` installs missing packages then runs every test,
# `make demo` runs the July 19, 2001 outbreak, `make bench` prints performance figures.
# sim/ is compiled without -Imodels so the engine cannot see the worm models (STYLE.md, Layers).

BUILD    ?= build
BIN      ?= wormsim
CC       ?= cc
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -MMD -MP
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
CPPFLAGS += -DWORMSIM_VERSION='"0.1.0-$(VERSION)"'
PKGS      = gsl sqlite3
LIBS      = $(shell pkg-config --libs $(PKGS)) -lm
PKGCFLAGS = $(shell pkg-config --cflags $(PKGS))
CHECKLIBS = $(shell pkg-config --libs check)

SIM_SRC   := $(filter-out sim/main.c,$(wildcard sim/*.c))
MODEL_SRC := $(wildcard models/*.c)
TEST_SRC  := $(wildcard tests/*.c)
SIM_OBJ   := $(SIM_SRC:%.c=$(BUILD)/%.o)
MODEL_OBJ := $(MODEL_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
LIB_OBJ   := $(SIM_OBJ) $(MODEL_OBJ)

.PHONY: all deps test test-run demo demo-run bench bench-run asan valgrind clean

all: $(BIN)

deps:
	@scripts/install-deps

$(BIN): $(BUILD)/sim/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/sim/%.o: sim/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) -Isim -c $< -o $@

$(BUILD)/models/%.o: models/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) -Isim -Imodels -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) $(shell pkg-config --cflags check) -Isim -Imodels -c $< -o $@

$(BUILD)/scripts/%.o: scripts/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKGCFLAGS) -Isim -Imodels -c $< -o $@

$(BUILD)/check_wormsim: $(TEST_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(CHECKLIBS) $(LIBS)

$(BUILD)/bench_hold: $(BUILD)/scripts/bench_hold.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/bench_perscan: $(BUILD)/scripts/bench_perscan.o $(LIB_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# The public targets install missing packages first, then re-enter make so that
# pkg-config is asked only once the libraries are there.
test: deps
	@$(MAKE) --no-print-directory test-run

test-run: $(BIN) $(BUILD)/check_wormsim
	$(BUILD)/check_wormsim
	tests/integration.sh $(BIN)
	tests/bad_input.sh $(BIN)

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

clean:
	rm -rf build build-asan wormsim

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
