// SPDX-License-Identifier: MIT
// Runs the fuzz target without libFuzzer (for ctest with g++): every file of the seed corpus, then a
// fixed-seed stream of mutations of them (byte flips, truncations, splices, inserted separators), so the
// parsers meet malformed input on every CI run. With clang, build the real fuzzer: see docs/architecture.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
        return 2;
    }
    const long mutations = argc > 2 ? std::atol(argv[2]) : 20000;
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "no seeds in %s\n", argv[1]);
        return 2;
    }
    auto run = [](const std::string& input) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    };
    for (const auto& seed : seeds)
        run(seed);
    std::mt19937 random(20261121);
    static const std::string kTokens[] = {"\n", "\n\n", "&", "=", "%", "%zz", "{", "}", "[", "\"", ":", ".1.", "<",
                                          "Action=", "\\u0000", "-1", "99999999999999999999", "null", "true"};
    for (long i = 0; i < mutations; ++i) {
        std::string input = seeds[random() % seeds.size()];
        const int edits = 1 + static_cast<int>(random() % 4);
        for (int edit = 0; edit < edits && !input.empty(); ++edit) {
            const std::size_t at = random() % input.size();
            switch (random() % 5) {
            case 0: input[at] = static_cast<char>(random() & 0xFF); break;
            case 1: input.resize(at); break;
            case 2: input.insert(at, kTokens[random() % std::size(kTokens)]); break;
            case 3: input.erase(at, 1 + random() % 8); break;
            default: input.insert(at, seeds[random() % seeds.size()].substr(0, 64)); break;
            }
        }
        if (!input.empty() && i % 4 != 0)
            input[0] = static_cast<char>(i % 3);  // keep most inputs on a handler
        run(input);
    }
    std::printf("fuzz driver: %zu seeds and %ld mutations ran without a crash\n", seeds.size(), mutations);
    return 0;
}
