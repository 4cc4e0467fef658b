package io.github.synthflowconnector.smoke;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Nothing of its own: the connector runtime comes entirely from the starter's auto-configuration,
 * as in Camunda's runtime image, and the connector from whatever jar run.sh puts on the class path.
 */
@SpringBootApplication
public class SmokeApplication {

  public static void main(String[] args) {
    SpringApplication.run(SmokeApplication.class, args);
  }
}
