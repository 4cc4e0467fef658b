package io.github.synthflowconnector.example;

import java.util.Set;

/** {@link LocalRunner}'s command line options. */
final class RunnerOptions {

  static final String USAGE =
      """
      Usage: LocalRunner [--logs] [--no-install | --real-api --phone-number NUMBER [--region us|eu|global] [--yes]]
        (no options)     run the sample cases against the embedded Synthflow stand-in
        --no-install     the same, with examples/offboarding-no-install.bpmn: the no-install
                         template, run by Camunda's REST connector instead of this connector
        --real-api       send ONE deletion to the real Synthflow API, key from $SYNTHFLOW_API_KEY
        --phone-number   the number to delete (with --real-api), e.g. +14155550123
        --region         the workspace's region, instead of the BPMN's
        --yes            do not ask for confirmation before the irreversible delete
        --logs           also show the connector runtime's and the connector's log lines
      """;

  boolean help;
  boolean realApi;
  boolean yes;
  boolean logs;
  boolean noInstall;
  String phoneNumber;
  String region;

  static RunnerOptions parse(String... args) {
    RunnerOptions options = new RunnerOptions();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> options.help = true;
        case "--real-api" -> options.realApi = true;
        case "--yes" -> options.yes = true;
        case "--logs" -> options.logs = true;
        case "--no-install" -> options.noInstall = true;
        case "--phone-number" -> options.phoneNumber = value(args, ++i);
        case "--region" -> options.region = value(args, ++i);
        default -> throw new IllegalArgumentException("Unknown option: " + args[i]);
      }
    }
    if (options.region != null && !Set.of("us", "eu", "global").contains(options.region)) {
      throw new IllegalArgumentException("--region must be us, eu or global");
    }
    if (options.realApi && options.noInstall) {
      throw new IllegalArgumentException("--no-install runs on the stand-in only");
    }
    if (!options.realApi
        && (options.phoneNumber != null || options.yes || options.region != null)) {
      throw new IllegalArgumentException(
          "--phone-number, --region and --yes only go with --real-api");
    }
    return options;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
