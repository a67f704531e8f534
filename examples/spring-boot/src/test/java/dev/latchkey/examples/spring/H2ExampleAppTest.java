package dev.latchkey.examples.spring;

import org.springframework.boot.test.context.SpringBootTest;

/** The example on an in-memory H2 database of its own. */
@SpringBootTest(classes = {ExampleApplication.class, TestClockConfig.class},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.datasource.url=jdbc:h2:mem:example-${random.uuid};DB_CLOSE_DELAY=-1",
        "latchkey.keys=" + ExampleAppContract.TEST_KEYS})
class H2ExampleAppTest extends ExampleAppContract {}
