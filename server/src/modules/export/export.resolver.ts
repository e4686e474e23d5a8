import { Arg, Authorized, Ctx, Field, InputType, Mutation, Resolver, registerEnumType } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { JobType, toJobType } from '../job/job.resolver';
import { ListFilterInput, ListSortInput } from '../record-list/record-list.inputs';
import { ExportList } from './export-columns';
import { CsvSeparator, ExportEncoding, startExport } from './export.service';

registerEnumType(ExportList, { name: 'ExportList', description: 'Which list to export.' });
registerEnumType(ExportEncoding, {
  name: 'ExportEncoding',
  description: 'UTF8 by default; UTF8_BOM for older Excel versions that need the mark to read accents.',
});
registerEnumType(CsvSeparator, { name: 'CsvSeparator', description: 'SEMICOLON (French Excel) by default.' });

@InputType()
class StartExportInput {
  @Field({ description: 'The admin’s password, checked again.' }) password: string;
  @Field(() => ExportList) list: ExportList;
  @Field(() => ExportEncoding, { nullable: true }) encoding?: ExportEncoding;
  @Field(() => CsvSeparator, { nullable: true }) separator?: CsvSeparator;
  @Field(() => [String], {
    nullable: true,
    description: 'Column keys of the current view (as in `listColumns`, or export keys), in order; all by default.',
  })
  columns?: string[];
  @Field(() => ListFilterInput, {
    nullable: true,
    description:
      'The current view’s filter: only the records the list shows with it (inactive ones only when it names ' +
      '`active`; `{and: []}` for an unfiltered view). Absent: every record, inactive included.',
  })
  filter?: ListFilterInput;
  @Field(() => [ListSortInput], {
    nullable: true,
    description: 'The current view’s sort; the list’s default otherwise.',
  })
  orderBy?: ListSortInput[];
}

@Resolver()
export class ExportResolver {
  @Authorized('ADMIN')
  @Mutation(() => JobType, {
    description: 'Starts an export job (.xlsx and .csv, emailed to the admin). Admins only, password required.',
  })
  async startExport(@Arg('input') input: StartExportInput, @Ctx() gctx: GqlContext): Promise<JobType> {
    return toJobType(await startExport(serviceCtx(gctx), input));
  }
}
