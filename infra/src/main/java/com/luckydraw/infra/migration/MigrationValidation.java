package com.luckydraw.infra.migration;

import java.util.List;

/**
 * Checks the applied migrations against the service's files before anything runs: same checksums, none missing,
 * pending ones after the current version. A problem here stops a deploy before its backup.
 */
public final class MigrationValidation {

    /** Each problem names the version, the script and Flyway's reason. */
    public record Result(int checked, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Result validate(MigrationTarget target) {
        var result = ServiceFlyway.beforeDeploy(target).validateWithResult();
        List<String> problems = result.invalidMigrations.stream()
                .map(m -> "version " + m.version + " (" + m.filepath + "): "
                        + (m.errorDetails == null ? "invalid" : m.errorDetails.errorMessage))
                .toList();
        if (problems.isEmpty() && !result.validationSuccessful) {
            // A failure that belongs to no one migration (e.g. the history table itself).
            problems = List.of(result.getAllErrorMessages());
        }
        return new Result(result.validateCount, problems);
    }
}
