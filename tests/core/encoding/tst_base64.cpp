// SPDX-License-Identifier: MIT
// core/encoding's base64 (over libcrypto): RFC 4648's vectors, the leniency callers have always had (no padding,
// line breaks), what it refuses and says why, and inputs longer than one EVP_*Block slice.
#include "encoding/base64.h"

#include <QtTest>

#include <string>

using namespace lambdadesk::core;

class TestBase64 : public QObject {
    Q_OBJECT

private slots:
    void encodesRfc4648Vectors()
    {
        QCOMPARE(encodeBase64(""), std::string(""));
        QCOMPARE(encodeBase64("f"), std::string("Zg=="));
        QCOMPARE(encodeBase64("fo"), std::string("Zm8="));
        QCOMPARE(encodeBase64("foo"), std::string("Zm9v"));
        QCOMPARE(encodeBase64("foobar"), std::string("Zm9vYmFy"));
        QCOMPARE(encodeBase64(std::string("\0\xff\xfe", 3)), std::string("AP/+"));
    }

    void decodesPaddedUnpaddedAndWrapped()
    {
        std::string decoded;
        QVERIFY(decodeBase64("Zm9vYg==", decoded));
        QCOMPARE(decoded, std::string("foob"));
        QVERIFY(decodeBase64("Zm9vYg", decoded)); // padding left out
        QCOMPARE(decoded, std::string("foob"));
        QVERIFY(decodeBase64("Zm9v\r\nYmFy\n", decoded)); // MIME-style line breaks
        QCOMPARE(decoded, std::string("foobar"));
        QVERIFY(decodeBase64("AP/+", decoded));
        QCOMPARE(decoded, std::string("\0\xff\xfe", 3));
        QVERIFY(decodeBase64("", decoded));
        QVERIFY(decoded.empty());
    }

    void refusesWhatIsNotBase64()
    {
        for (const char* text : {"Zm9v YmFy", "Zm9v-_8", "@@@@", "Zg=x", "Zg===", "Zg==Zg=="}) {
            std::string decoded = "stale";
            std::string problem;
            QVERIFY2(!decodeBase64(text, decoded, &problem), text);
            QVERIFY2(decoded.empty(), text);
            QVERIFY2(!problem.empty(), text);
        }
        std::string decoded;
        std::string problem;
        QVERIFY(!decodeBase64("Zm9v_w", decoded, &problem));
        QVERIFY2(problem.find("character 5") != std::string::npos, problem.c_str());
        QVERIFY(!decodeBase64("Zg=x", decoded, &problem));
        QVERIFY2(problem.find("after the '=' padding") != std::string::npos, problem.c_str());
        QVERIFY(!decodeBase64("Zg===", decoded, &problem));
        QVERIFY2(problem.find("at most two") != std::string::npos, problem.c_str());
    }

    void roundTripsMoreThanOneSlice()
    {
        std::string bytes(7 * 1024 * 1024 + 1, '\0'); // libcrypto sees it in 3 MiB slices
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>((i * 7919) >> 3);
        const std::string encoded = encodeBase64(bytes);
        QCOMPARE(encoded.size(), (bytes.size() + 2) / 3 * 4);
        std::string decoded;
        QVERIFY(decodeBase64(encoded, decoded));
        QVERIFY(decoded == bytes);
    }
};

QTEST_GUILESS_MAIN(TestBase64)
#include "tst_base64.moc"
