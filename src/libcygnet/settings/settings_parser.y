%{
/* stub grammar: replaced by the settings module */
int yylex(void);
void yyerror(const char *s);
%}
%token X
%%
file: /* empty */ ;
%%
