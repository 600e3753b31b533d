package com.luckydraw.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksTest {

    /** The hand-written identifier check says exactly what the documented pattern says. */
    @Test
    void theIdentifierCheckAgreesWithItsPatternOnEveryKindOfString() {
        String alphabet = "aZ09._:-/ \"'\t\n\u0000\u00e9\u4e2d;=%";
        Random random = new Random(42);
        List<String> samples = new ArrayList<>(List.of("", "a", "-a", ".a", "a-", "A.b_c:d-9", "x".repeat(64),
                "x".repeat(65), "pos 1", "biz'1", "\u00e9t\u00e9", "1; DROP TABLE wallet"));
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(70);
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(s.toString());
        }
        long accepted = 0;
        for (String s : samples) {
            boolean byPattern = Checks.IDENTIFIER.matcher(s).matches();
            assertThat(Checks.isIdentifier(s)).as("'%s'", s).isEqualTo(byPattern);
            accepted += byPattern ? 1 : 0;
        }
        assertThat(accepted).as("the samples hold valid identifiers too").isGreaterThan(3);
    }
}
