/**
 * Label printing as the engine sees it. The device layer implements it
 * (src-main/dispensing/zpl-label-port.ts). What the port returns is what `label.printed`
 * records: a label counts as printed only when a named printer accepted the job; a training
 * station's preview is recorded as a preview, with the hash of each image, never as printed.
 */
import type { Result } from '../../../src-shared/result.ts';
import type { TemplateRef } from '../../../src-shared/reports/report-template.ts';
import type { PrintConfirmation } from '../../../src-shared/ledger/entry-types/labels.ts';

export type LabelContent = Record<string, string | number | null>;

/** Production refuses a label step without a printer; training previews instead of printing. */
export type LabelMode = 'production' | 'training';

export type LabelReceipt =
  | {
      printerId: string;
      /** Where the job went ("tcp://10.0.0.5:9100", "serial:/dev/ttyUSB0"). */
      printerAddress: string;
      /** SHA-256 of the bytes the printer accepted, so the record names the exact job. */
      jobId: string;
      /** The approved label template the container labels were laid out by (issue 14 item 6); absent: the built-in layout. */
      template?: TemplateRef;
      /** FR-145: 'status': the printer answered idle with no fault; 'sent': the link accepted the job, the printer gives no status. */
      confirmation: PrintConfirmation;
    }
  | {
      printerId: null;
      preview: true;
      /** SHA-256 of each label's PNG preview, in label order. */
      pngSha256: string[];
      template?: TemplateRef;
    };

export interface LabelPort {
  /**
   * FR-141: the port only previews (training): nothing reaches a printer, so the engine records
   * no `label.print_requested` for it and no print can be left "outcome unknown".
   */
  readonly previewOnly?: boolean;
  print(labels: readonly LabelContent[]): Promise<Result<LabelReceipt>>;
}
