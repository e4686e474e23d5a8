import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  FieldResolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { JobType, toJobType } from '../job/job.resolver';
import { SettingList } from '../settings/setting-option.entity';
import { IMPORT_FIELDS } from './fields';
import { IMPORT_JOB_KIND, type PreviewResult, previewImport, startImport } from './import.service';
import { undoImport } from './undo';

export enum ImportTarget {
  COMPANIES = 'COMPANIES',
  CONTACTS = 'CONTACTS',
}
registerEnumType(ImportTarget, { name: 'ImportTarget', description: 'The list a file is imported into.' });

export enum ImportRowStatus {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  UNCHANGED = 'UNCHANGED',
  ERROR = 'ERROR',
}
registerEnumType(ImportRowStatus, { name: 'ImportRowStatus' });

@InputType({ description: 'Which field a column of the file fills (null or absent: the column is ignored).' })
export class ImportColumnMappingInput {
  @Field(() => Int, { description: '0-based column index in the file.' }) index: number;
  @Field(() => String, {
    nullable: true,
    description:
      'A key of importFields, or `custom.<key>` for a custom field: a company field, or when importing contacts a contact field (the contact field when both have the key). Each field at most once.',
  })
  field?: string | null;
}

@InputType({ description: 'What to do with a settings value the workspace does not have.' })
export class ImportValueChoiceInput {
  @Field() field: string;
  @Field() value: string;
  @Field(() => ID, { nullable: true, description: 'Use this existing value instead.' }) optionId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Create the value when the import runs.' })
  create?: boolean | null;
}

@InputType()
export class ImportOptionsInput {
  @Field(() => Boolean, {
    nullable: true,
    description:
      'False: records already in the workspace are left as they are. Defaults to the preview’s choice; another one than the preview’s is refused (the preview would not say what the import does).',
  })
  updateExisting?: boolean | null;
}

@ObjectType('ImportField', { description: 'A field the import can fill, with its template header.' })
export class ImportFieldType {
  @Field() key: string;
  @Field() label: string;
  @Field(() => SettingList, { nullable: true }) list: SettingList | null;
}

@ObjectType('ImportColumn')
export class ImportColumnType {
  @Field(() => Int) index: number;
  @Field() header: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The field the column fills: a key of importFields, `custom.<key>` for a custom field, or null (ignored).',
  })
  field: string | null;
}

@ObjectType('ImportRowError')
export class ImportRowErrorType {
  @Field() field: string;
  @Field({ description: 'The column name of the field, in the template.' }) column: string;
  @Field() message: string;
}

@ObjectType('ImportPreviewRow')
export class ImportPreviewRowType {
  @Field(() => Int, { description: 'Row number in the sheet.' }) rowNo: number;
  @Field(() => ImportRowStatus) status: ImportRowStatus;
  @Field(() => [String], { description: 'Fields set or changed, as "company.city", "contact.email"…' })
  changes: string[];
  @Field(() => String, {
    nullable: true,
    description:
      'What the row does to its company: "create", "update" or "unchanged"; null for a rejected row. The preview summarises a creation rather than listing every field.',
  })
  companyAction: 'create' | 'update' | 'unchanged' | null;
  @Field(() => String, {
    nullable: true,
    description:
      'What the row does to its contact: "create", "update" or "unchanged"; null without contact or when rejected.',
  })
  contactAction: 'create' | 'update' | 'unchanged' | null;
  @Field(() => [ImportRowErrorType]) errors: ImportRowErrorType[];
  @Field(() => [ImportRowErrorType], {
    description: 'What to check before importing (a SIRET found on a company of another name); the row is imported.',
  })
  warnings: ImportRowErrorType[];
  @Field(() => [String], { nullable: 'items', description: 'The cells as read.' }) values: (string | null)[];
}

@ObjectType('ImportPreviewCounts')
export class ImportPreviewCountsType {
  @Field(() => Int) create: number;
  @Field(() => Int) update: number;
  @Field(() => Int) unchanged: number;
  @Field(() => Int) error: number;
}

@ObjectType('ImportUnknownValue')
export class ImportUnknownValueType {
  @Field() field: string;
  @Field(() => SettingList) list: SettingList;
  @Field() value: string;
  @Field(() => Int) rows: number;
}

@ObjectType('ImportPreview')
export class ImportPreviewType {
  @Field(() => ID) id: string;
  @Field(() => ID) uploadId: string;
  @Field() fileName: string;
  @Field(() => ImportTarget) target: ImportTarget;
  @Field(() => Int, { description: 'Row number of the header row.' }) headerRow: number;
  @Field(() => [ImportColumnType]) columns: ImportColumnType[];
  @Field(() => [String], { description: 'Headers that matched no field.' }) unknownColumns: string[];
  @Field(() => Int) totalRows: number;
  @Field(() => ImportPreviewCountsType) counts: ImportPreviewCountsType;
  @Field(() => [ImportUnknownValueType]) unknownValues: ImportUnknownValueType[];
  @Field(() => [String], {
    description:
      'Labels of the required custom fields no column fills: rows that would create such a record are rejected.',
  })
  missingRequiredFields: string[];
  @Field(() => [ImportPreviewRowType], { description: 'Rows with problems first, at most 500.' })
  rows: ImportPreviewRowType[];
  @Field() rowsTruncated: boolean;
}

@ObjectType('ImportUndoResult')
export class ImportUndoResultType {
  @Field(() => Int) removed: number;
  @Field(() => Int) restored: number;
}

function toPreviewType(p: PreviewResult): ImportPreviewType {
  return {
    id: p.id,
    uploadId: p.uploadId,
    fileName: p.fileName,
    target: p.target as ImportTarget,
    headerRow: p.header.headerRowNo,
    columns: p.header.headers.map((header, index) => ({ index, header, field: p.header.mapping[index] ?? null })),
    unknownColumns: p.header.unknownColumns.map((c) => c.header),
    totalRows: p.totalRows,
    counts: p.counts,
    unknownValues: p.unknownValues,
    missingRequiredFields: p.missingRequired,
    rows: p.rows.map((r) => ({ ...r, status: r.status as ImportRowStatus })),
    rowsTruncated: p.rowsTruncated,
  };
}

@Resolver()
export class ImportResolver {
  @Authorized()
  @Query(() => [ImportFieldType], { description: 'The fields an import fills, in template order.' })
  importFields(@Ctx() gctx: GqlContext): ImportFieldType[] {
    const locale = gctx.locale;
    return IMPORT_FIELDS.map((f) => ({ key: f.key, label: f[locale], list: 'list' in f ? f.list : null }));
  }

  @Authorized()
  @Mutation(() => ImportPreviewType, {
    description:
      'Reads an uploaded file (POST /files/imports) and tells, row by row, what importing it would do. Writes nothing.',
  })
  async previewImport(
    @Arg('uploadId', () => ID) uploadId: string,
    @Arg('target', () => ImportTarget) target: ImportTarget,
    @Ctx() gctx: GqlContext,
    @Arg('mapping', () => [ImportColumnMappingInput], { nullable: true }) mapping?: ImportColumnMappingInput[],
    @Arg('values', () => [ImportValueChoiceInput], { nullable: true }) values?: ImportValueChoiceInput[],
    @Arg('updateExisting', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description: 'As startImport will be asked: false plans existing records as left unchanged.',
    })
    updateExisting?: boolean,
  ): Promise<ImportPreviewType> {
    return toPreviewType(await previewImport(serviceCtx(gctx), { uploadId, target, mapping, values, updateExisting }));
  }

  @Authorized()
  @Mutation(() => JobType, { description: 'Imports a previewed file as a background job (poll `job` for progress).' })
  async startImport(
    @Arg('previewId', () => ID) previewId: string,
    @Ctx() gctx: GqlContext,
    @Arg('options', () => ImportOptionsInput, { nullable: true }) options?: ImportOptionsInput,
  ): Promise<JobType> {
    return toJobType(await startImport(serviceCtx(gctx), previewId, options ?? {}));
  }

  @Authorized()
  @Mutation(() => ImportUndoResultType, {
    description:
      'Removes what an import created and restores what it changed; CONFLICT (extensions.conflicts) when records were edited since.',
  })
  async undoImport(@Arg('jobId', () => ID) jobId: string, @Ctx() gctx: GqlContext): Promise<ImportUndoResultType> {
    return undoImport(serviceCtx(gctx), jobId);
  }
}

@ObjectType({ description: 'The import a job ran: its file and list, and whether it was undone.' })
export class ImportJobInfoType {
  @Field({ description: 'The name of the uploaded file.' }) fileName: string;
  @Field(() => ImportTarget) target: ImportTarget;
  @Field(() => Date, { nullable: true, description: 'When the import was undone (undoImport), if it was.' })
  undoneAt: Date | null;
}

@Resolver(() => JobType)
export class ImportJobResolver {
  @FieldResolver(() => ImportJobInfoType, {
    nullable: true,
    description: 'For an import job: its file, list and undo.',
  })
  async importInfo(@Root() job: JobType, @Ctx() gctx: GqlContext): Promise<ImportJobInfoType | null> {
    if (job.kind !== IMPORT_JOB_KIND) return null;
    const info = await gctx.loaders.importInfoByJob.load(job.id);
    return info && { fileName: info.fileName, target: info.target as ImportTarget, undoneAt: info.undoneAt };
  }
}
